import { graphql } from '../../gql';
import type { ProgramsRoundsQuery, RoundKind } from '../../gql/graphql';
import { useMutation } from '@apollo/client/react';
import { Alert, App, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijingInput, errorText, fromBeijingInput, inLang } from '../../lib/format';

const CREATE_ROUND = graphql(`
  mutation CreateRound($programId: ID!, $input: CreateRoundInput!) {
    createRound(programId: $programId, input: $input) {
      id
      status
    }
  }
`);

type Program = ProgramsRoundsQuery['programs'][number];

/**
 * A new round, in DRAFT with the default rubric of its kind: an initial selection takes the call's
 * eligible applications; a mid-term evaluation the projects funded in an initial round. Its rubric,
 * window and thresholds are edited on the round's settings tab before it opens.
 */
export function NewRoundDialog({
  open,
  programs,
  onClose,
  onCreated,
}: {
  open: boolean;
  programs: Program[];
  onClose: () => void;
  onCreated: (roundId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const [programId, setProgramId] = useState<string | undefined>(programs[0]?.id);
  const [kind, setKind] = useState<RoundKind>('INITIAL');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [opens, setOpens] = useState(beijingInput(new Date(Date.now() + 86400000)));
  const [closes, setCloses] = useState(beijingInput(new Date(Date.now() + 15 * 86400000)));
  const [perProject, setPerProject] = useState<number | null>(5);
  const [parent, setParent] = useState<string | undefined>();
  const [create, state] = useMutation(CREATE_ROUND);

  const program = programs.find((p) => p.id === programId);
  const parents = (program?.rounds ?? []).filter((r) => r.kind === 'INITIAL');
  /** A sensible name and parent from the call's year and the kind, until the officer types their own. */
  const choose = (p: Program | undefined, k: RoundKind) => {
    setProgramId(p?.id);
    setKind(k);
    if (!p) return;
    setNameZh(k === 'INITIAL' ? `${p.year}年度初评` : `${p.year}年度项目中期评估`);
    setNameEn(k === 'INITIAL' ? `${p.year} initial selection` : `${p.year} mid-term evaluation`);
    setParent(k === 'MIDTERM' ? p.rounds.find((r) => r.kind === 'INITIAL' && r.status === 'FINALIZED')?.id : undefined);
  };
  useEffect(() => {
    if (open && !nameZh) choose(program ?? programs[0], kind);
  });

  const opensAt = fromBeijingInput(opens);
  const closesAt = fromBeijingInput(closes);
  const problem = !program
    ? t('newRound.noProgram')
    : !opensAt || !closesAt
      ? t('newRound.badWindow')
      : closesAt <= opensAt
        ? t('newRound.closesBeforeOpens')
        : kind === 'MIDTERM' && !parent
          ? t('newRound.needParent')
          : !nameZh.trim() || !nameEn.trim()
            ? t('newRound.needNames')
            : null;

  const submit = async () => {
    if (problem || !program || !opensAt || !closesAt) return;
    try {
      const r = await create({
        variables: {
          programId: program.id,
          input: {
            kind,
            nameZh: nameZh.trim(),
            nameEn: nameEn.trim(),
            opensAt: opensAt.toISOString(),
            closesAt: closesAt.toISOString(),
            reviewersPerProject: perProject ?? 5,
            parentRoundId: kind === 'MIDTERM' ? parent : null,
          },
        },
      });
      message.success(t('newRound.created'));
      onCreated(r.data!.createRound.id);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('newRound.title')}
      okText={t('newRound.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={state.loading}
      okButtonProps={{ disabled: problem !== null, id: 'new-round-create' }}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>
          {t('newRound.program')}
          <Select
            style={{ width: '100%' }}
            value={programId}
            onChange={(id) =>
              choose(
                programs.find((p) => p.id === id),
                kind,
              )
            }
            aria-label={t('newRound.program')}
            options={programs.map((p) => ({ value: p.id, label: `${p.year} · ${inLang(lang, p.nameZh, p.nameEn)}` }))}
          />
        </label>
        <Radio.Group
          value={kind}
          onChange={(e) => choose(program, e.target.value as RoundKind)}
          aria-label={t('newRound.kind')}
        >
          <Radio value="INITIAL">{t('newRound.initial')}</Radio>
          <Radio value="MIDTERM">{t('newRound.midterm')}</Radio>
        </Radio.Group>
        <Typography.Text type="secondary">
          {kind === 'INITIAL' ? t('newRound.initialHelp') : t('newRound.midtermHelp')}
        </Typography.Text>
        {kind === 'MIDTERM' && (
          <label>
            {t('newRound.parent')}
            <Select
              style={{ width: '100%' }}
              value={parent}
              onChange={setParent}
              aria-label={t('newRound.parent')}
              options={parents.map((r) => ({
                value: r.id,
                label: `${inLang(lang, r.nameZh, r.nameEn)} · ${t(`roundStatus.${r.status}`)}`,
              }))}
            />
          </label>
        )}
        <label>
          {t('newRound.nameZh')}
          <Input value={nameZh} onChange={(e) => setNameZh(e.target.value)} aria-label={t('newRound.nameZh')} />
        </label>
        <label>
          {t('newRound.nameEn')}
          <Input value={nameEn} onChange={(e) => setNameEn(e.target.value)} aria-label={t('newRound.nameEn')} />
        </label>
        <Space wrap>
          <label>
            {t('newRound.opensAt')}
            <Input
              type="datetime-local"
              value={opens}
              onChange={(e) => setOpens(e.target.value)}
              aria-label={t('newRound.opensAt')}
            />
          </label>
          <label>
            {t('newRound.closesAt')}
            <Input
              type="datetime-local"
              value={closes}
              onChange={(e) => setCloses(e.target.value)}
              aria-label={t('newRound.closesAt')}
            />
          </label>
          <label>
            {t('newRound.perProject')}{' '}
            <InputNumber
              min={1}
              max={15}
              value={perProject}
              onChange={setPerProject}
              aria-label={t('newRound.perProject')}
            />
          </label>
        </Space>
        {problem && <Alert type="warning" showIcon title={problem} />}
      </Space>
    </Modal>
  );
}
