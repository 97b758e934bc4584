/**
 * The 2023 call of the Tianyuan Mathematics Fund – Shenzhen "Mathematics and Intelligence+" key
 * special projects, as docs/program.md states it. These are the defaults of a programme's
 * configuration: next year's call changes the values, not the code.
 */
export interface CallDirection {
  number: number;
  titleZh: string;
  titleEn: string;
  funding: number;
  conditions: string[];
  conditionsNoteZh?: string;
  conditionsNoteEn?: string;
}

export const CONDITION_LABELS: Record<string, { zh: string; en: string }> = {
  MULTI_CENTRE_DATA_QUALIFICATION: {
    zh: '依托单位具备多中心数据管理资质',
    en: 'lead institution qualified to manage multi-centre data',
  },
  MOBILE_COMPUTING_HARDWARE_FUNDED: {
    zh: '依托单位资助移动计算硬件',
    en: 'lead institution funds the mobile-computing hardware',
  },
};

export const CALL_2023 = {
  year: 2023,
  window: { opens: '2023-10-14T00:00:00+08:00', closes: '2023-10-20T16:00:00+08:00' },
  maxCooperatingInstitutions: 2,
  /** NSFC application codes of mathematics (A01xx). */
  mathCodePrefixes: ['A01'],
  maxAwards: 14,
  directions: [
    {
      number: 1,
      titleZh: '基于随机矩阵极限理论的大模型机理研究',
      titleEn: 'Mechanisms of large models via random-matrix limit theory',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 2,
      titleZh: '大模型约化的数学理论与方法',
      titleEn: 'Mathematical theory and methods of large-model reduction',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 3,
      titleZh: '支持医学大模型的元数据治理方法与平台',
      titleEn: 'Metadata governance methods and platform for medical large models',
      funding: 3000000,
      conditions: ['MULTI_CENTRE_DATA_QUALIFICATION'],
      conditionsNoteZh: '依托单位须具备多中心数据管理资质',
      conditionsNoteEn: 'The lead institution must hold a qualification to manage multi-centre data',
    },
    {
      number: 4,
      titleZh: '医学影像判读大模型的研发与关键技术',
      titleEn: 'Large model for medical-image interpretation and its key technologies',
      funding: 3000000,
      conditions: [],
    },
    {
      number: 5,
      titleZh: '支持医学大模型高效训练的移动计算',
      titleEn: 'Mobile computing for efficient training of medical large models',
      funding: 2000000,
      conditions: ['MOBILE_COMPUTING_HARDWARE_FUNDED'],
      conditionsNoteZh: '依托单位须资助移动计算硬件',
      conditionsNoteEn: 'The lead institution must fund the mobile-computing hardware',
    },
    {
      number: 6,
      titleZh: '医学影像大模型的评测与应用模式研究',
      titleEn: 'Evaluation and application modes of medical-imaging large models',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 7,
      titleZh: '多模态医学超声基础大模型及其应用',
      titleEn: 'Multimodal medical-ultrasound foundation model and applications',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 8,
      titleZh: '指导蛋白质设计与改造的 AI 模型与系统',
      titleEn: 'AI models and systems guiding protein design and engineering',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 9,
      titleZh: '基于人工智能的多肽药物设计大模型',
      titleEn: 'AI large model for peptide-drug design',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 10,
      titleZh: '基于三室建模的微重力脑超微结构调控理论与方法',
      titleEn: 'Three-compartment modelling of brain ultrastructure regulation under microgravity',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 11,
      titleZh: '颅内肿瘤多模态数据融合的可通用诊疗模型及系统',
      titleEn: 'Generalisable multimodal diagnosis-and-treatment model for intracranial tumours',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 12,
      titleZh: '基于多语言大模型微调的中西医结合风湿病诊疗系统',
      titleEn: 'Integrated Chinese–Western rheumatism system by fine-tuning multilingual large models',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 13,
      titleZh: '基于交互反馈和领域经验的大模型持续优化与专病辅助诊疗',
      titleEn: 'Continual optimisation of large models from interactive feedback, for disease-specific assisted care',
      funding: 2000000,
      conditions: [],
    },
    {
      number: 14,
      titleZh: '基于核医学影像分析/判读的智能诊疗一体化基础模型与系统',
      titleEn: 'Integrated diagnosis-and-treatment foundation model from nuclear-medicine imaging',
      funding: 2000000,
      conditions: [],
    },
  ] as CallDirection[],
};
