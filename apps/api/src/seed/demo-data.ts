/**
 * The demo's facts: institutions with aliases and e-mail domains, and the reviewer pool (the 2023
 * call itself is calls/TY-SZ-2023.json). Pure data; seed.ts writes it.
 */
export interface DemoInstitution {
  key: string;
  name: string;
  nameEn: string;
  aliases: string[];
  emailDomains: string[];
  city: string;
}

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  {
    key: 'PKU',
    name: '北京大学',
    nameEn: 'Peking University',
    aliases: ['PKU', '北大'],
    emailDomains: ['pku.edu.cn'],
    city: '北京',
  },
  {
    key: 'THU',
    name: '清华大学',
    nameEn: 'Tsinghua University',
    aliases: ['THU', '清华'],
    emailDomains: ['tsinghua.edu.cn'],
    city: '北京',
  },
  {
    key: 'SZU',
    name: '深圳大学',
    nameEn: 'Shenzhen University',
    aliases: ['SZU', '深大'],
    emailDomains: ['szu.edu.cn'],
    city: '深圳',
  },
  {
    key: 'SUSTECH',
    name: '南方科技大学',
    nameEn: 'Southern University of Science and Technology',
    aliases: ['SUSTech', '南科大'],
    emailDomains: ['sustech.edu.cn'],
    city: '深圳',
  },
  {
    key: 'CUHKSZ',
    name: '香港中文大学（深圳）',
    nameEn: 'The Chinese University of Hong Kong, Shenzhen',
    aliases: ['CUHK-Shenzhen', '港中大（深圳）'],
    emailDomains: ['cuhk.edu.cn'],
    city: '深圳',
  },
  {
    key: 'SYSU',
    name: '中山大学',
    nameEn: 'Sun Yat-sen University',
    aliases: ['SYSU', '中大'],
    emailDomains: ['sysu.edu.cn'],
    city: '广州',
  },
  {
    key: 'FUDAN',
    name: '复旦大学',
    nameEn: 'Fudan University',
    aliases: ['Fudan'],
    emailDomains: ['fudan.edu.cn'],
    city: '上海',
  },
  {
    key: 'SJTU',
    name: '上海交通大学',
    nameEn: 'Shanghai Jiao Tong University',
    aliases: ['SJTU', '上海交大'],
    emailDomains: ['sjtu.edu.cn'],
    city: '上海',
  },
  {
    key: 'ZJU',
    name: '浙江大学',
    nameEn: 'Zhejiang University',
    aliases: ['ZJU', '浙大'],
    emailDomains: ['zju.edu.cn'],
    city: '杭州',
  },
  {
    key: 'USTC',
    name: '中国科学技术大学',
    nameEn: 'University of Science and Technology of China',
    aliases: ['USTC', '中国科大'],
    emailDomains: ['ustc.edu.cn'],
    city: '合肥',
  },
  {
    key: 'AMSS',
    name: '中国科学院数学与系统科学研究院',
    nameEn: 'Academy of Mathematics and Systems Science, CAS',
    aliases: ['AMSS', '数学院'],
    emailDomains: ['amss.ac.cn'],
    city: '北京',
  },
  {
    key: 'SIAT',
    name: '中国科学院深圳先进技术研究院',
    nameEn: 'Shenzhen Institute of Advanced Technology, CAS',
    aliases: ['SIAT', '深圳先进院'],
    emailDomains: ['siat.ac.cn'],
    city: '深圳',
  },
  {
    key: 'PKUSZH',
    name: '北京大学深圳医院',
    nameEn: 'Peking University Shenzhen Hospital',
    aliases: ['PKU Shenzhen Hospital'],
    emailDomains: ['pkuszh.com'],
    city: '深圳',
  },
  {
    key: 'SZPH',
    name: '深圳市人民医院',
    nameEn: "Shenzhen People's Hospital",
    aliases: ["Shenzhen People's Hospital", '深圳人民医院'],
    emailDomains: ['szhospital.com'],
    city: '深圳',
  },
  {
    key: 'SMU',
    name: '南方医科大学',
    nameEn: 'Southern Medical University',
    aliases: ['SMU', '南方医大'],
    emailDomains: ['smu.edu.cn'],
    city: '广州',
  },
  {
    key: 'HUST',
    name: '华中科技大学',
    nameEn: 'Huazhong University of Science and Technology',
    aliases: ['HUST', '华科'],
    emailDomains: ['hust.edu.cn'],
    city: '武汉',
  },
  {
    key: 'WHU',
    name: '武汉大学',
    nameEn: 'Wuhan University',
    aliases: ['WHU', '武大'],
    emailDomains: ['whu.edu.cn'],
    city: '武汉',
  },
  {
    key: 'HITSZ',
    name: '哈尔滨工业大学（深圳）',
    nameEn: 'Harbin Institute of Technology, Shenzhen',
    aliases: ['HIT Shenzhen', '哈工大（深圳）'],
    emailDomains: ['hit.edu.cn'],
    city: '深圳',
  },
  {
    key: 'PCL',
    name: '鹏城实验室',
    nameEn: 'Peng Cheng Laboratory',
    aliases: ['Peng Cheng Lab', 'PCL'],
    emailDomains: ['pcl.ac.cn'],
    city: '深圳',
  },
  {
    key: 'SZBL',
    name: '深圳湾实验室',
    nameEn: 'Shenzhen Bay Laboratory',
    aliases: ['SZBL'],
    emailDomains: ['szbl.ac.cn'],
    city: '深圳',
  },
  {
    key: 'CAMS',
    name: '中国医学科学院肿瘤医院深圳医院',
    nameEn: 'Cancer Hospital CAMS Shenzhen',
    aliases: ['国家癌症中心南方分中心'],
    emailDomains: ['cicams-sz.org.cn'],
    city: '深圳',
  },
];

export interface DemoReviewer {
  n: number;
  name: string;
  nameEn: string;
  title: string;
  disciplines: ('MATH' | 'MEDICINE' | 'IT')[];
  keywords: string[];
  /** Institution keys: current first, then former ones with the year they left. */
  current: string;
  since: string;
  former?: { inst: string; from: string; to: string };
  mailbox: string;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '梁',
  '郑',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
];
const GIVEN = [
  '建华',
  '晓明',
  '丽娟',
  '志强',
  '海燕',
  '伟',
  '静',
  '磊',
  '敏',
  '军',
  '洋',
  '艳',
  '勇',
  '杰',
  '娜',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '桂英',
  '文',
  '华',
  '斌',
  '慧',
  '宇',
  '琳',
  '鹏',
  '婷',
];
const PINYIN_S = [
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Xu',
  'Sun',
  'Ma',
  'Zhu',
  'Hu',
  'Guo',
  'He',
  'Lin',
  'Luo',
  'Gao',
  'Liang',
  'Zheng',
  'Xie',
  'Song',
  'Tang',
  'Xu',
  'Han',
  'Feng',
  'Deng',
  'Cao',
];
const PINYIN_G = [
  'Jianhua',
  'Xiaoming',
  'Lijuan',
  'Zhiqiang',
  'Haiyan',
  'Wei',
  'Jing',
  'Lei',
  'Min',
  'Jun',
  'Yang',
  'Yan',
  'Yong',
  'Jie',
  'Na',
  'Tao',
  'Ming',
  'Chao',
  'Xia',
  'Ping',
  'Gang',
  'Guiying',
  'Wen',
  'Hua',
  'Bin',
  'Hui',
  'Yu',
  'Lin',
  'Peng',
  'Ting',
];

const KEYWORDS: Record<'MATH' | 'MEDICINE' | 'IT', string[][]> = {
  MATH: [
    ['随机矩阵', 'random matrix', '谱分析'],
    ['优化理论', 'optimization', '凸分析'],
    ['偏微分方程', 'PDE', '数学建模'],
    ['统计学习', 'statistical learning', '高维统计'],
    ['计算数学', 'numerical analysis', '模型约化'],
  ],
  MEDICINE: [
    ['医学影像', 'medical imaging', '放射学'],
    ['超声医学', 'ultrasound', '影像诊断'],
    ['肿瘤学', 'oncology', '颅内肿瘤'],
    ['风湿免疫', 'rheumatology', '中西医结合'],
    ['核医学', 'nuclear medicine', 'PET'],
  ],
  IT: [
    ['大模型', 'large language model', '深度学习'],
    ['计算机视觉', 'computer vision', '图像分割'],
    ['分布式计算', 'mobile computing', '边缘计算'],
    ['数据治理', 'data governance', '元数据'],
    ['蛋白质设计', 'protein design', 'AI for science'],
  ],
};

/** 30 reviewers: 12 mathematicians, 10 clinicians, 8 IT experts; a few hold two disciplines. */
export const DEMO_REVIEWERS: DemoReviewer[] = Array.from({ length: 30 }, (_, i) => {
  const n = i + 1;
  const primary: 'MATH' | 'MEDICINE' | 'IT' = i < 12 ? 'MATH' : i < 22 ? 'MEDICINE' : 'IT';
  const disciplines: ('MATH' | 'MEDICINE' | 'IT')[] = [primary];
  if (n === 5 || n === 11) disciplines.push('IT');
  if (n === 20) disciplines.push('IT');
  if (n === 27) disciplines.push('MATH');
  const insts = DEMO_INSTITUTIONS;
  const current = insts[(i * 7) % insts.length];
  const former = i % 3 === 0 ? insts[(i * 7 + 5) % insts.length] : undefined;
  const title = primary === 'MEDICINE' ? (i % 2 ? '主任医师' : '教授') : i % 4 === 0 ? '研究员' : '教授';
  const mailbox = `${PINYIN_G[i].toLowerCase()}.${PINYIN_S[i].toLowerCase()}${n}`;
  return {
    n,
    name: SURNAMES[i] + GIVEN[i],
    nameEn: `${PINYIN_G[i]} ${PINYIN_S[i]}`,
    title,
    disciplines,
    keywords: KEYWORDS[primary][i % 5],
    current: current.key,
    since: `${2012 + (i % 9)}-09-01`,
    former:
      former && former.key !== current.key
        ? { inst: former.key, from: `${2005 + (i % 5)}-07-01`, to: `${2019 + (i % 6)}-08-31` }
        : undefined,
    mailbox,
  };
});

export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.local', password: 'demo-admin', name: '系统管理员' },
  officer: { email: 'officer@demo.local', password: 'demo-officer', name: '项目主管 刘主任' },
  reviewerPassword: 'demo-reviewer',
};
