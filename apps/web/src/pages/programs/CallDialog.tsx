import { graphql } from '../../gql';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, App, Button, Input, InputNumber, Modal, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, inLang } from '../../lib/format';

const IMPORT_CALL = graphql(`
  mutation ImportCall($definition: JSON!, $dryRun: Boolean) {
    importCall(definition: $definition, dryRun: $dryRun) {
      id
      code
      year
      directions {
        number
        targets {
          key
        }
      }
    }
  }
`);

const EXPORT_CALL = graphql(`
  query ExportCall($programId: ID!) {
    exportCall(programId: $programId)
  }
`);

interface Problem {
  path: string;
  message: string;
  messageZh?: string;
}

/** The problems the server named (by JSON path), or the one message of any other error. */
function problemsOf(e: unknown): Problem[] {
  const errs = (e as { errors?: { extensions?: { problems?: Problem[] } }[] }).errors ?? [];
  const listed = errs.flatMap((x) => x.extensions?.problems ?? []);
  return listed.length ? listed : [{ path: '', message: errorText(e) }];
}

/**
 * Import a call definition (docs/contract/call.md), or copy an existing call to a new year: the
 * definition as JSON, its code and year editable on top; "Check" validates on the server without
 * writing and lists every problem by its JSON path; "Import" saves it all or nothing.
 */
export function CallDialog({
  open,
  copyFrom,
  onClose,
  onDone,
}: {
  open: boolean;
  /** a programme to copy (its definition is loaded); none: a file or pasted JSON */
  copyFrom: { id: string; year: number; code: string } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useApolloClient();
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const [year, setYear] = useState<number | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [importCall, state] = useMutation(IMPORT_CALL);

  useEffect(() => {
    if (!open) return;
    setProblems(null);
    setChecked(null);
    if (!copyFrom) {
      setText('');
      setCode('');
      setYear(null);
      return;
    }
    void client
      .query({ query: EXPORT_CALL, variables: { programId: copyFrom.id }, fetchPolicy: 'network-only' })
      .then((r) => {
        const def = r.data?.exportCall as Record<string, unknown>;
        const next = copyFrom.year + 1;
        setCode(String(def.code).replace(String(copyFrom.year), String(next)));
        setYear(next);
        setText(JSON.stringify(def, null, 2));
      })
      .catch((e: unknown) => setProblems(problemsOf(e)));
  }, [open, copyFrom, client]);

  /** The JSON as typed, with the code and year of the fields on top when given. */
  const definition = (): unknown => {
    const def = JSON.parse(text) as Record<string, unknown>;
    if (code.trim()) def.code = code.trim();
    if (year) def.year = year;
    return def;
  };

  const run = async (dryRun: boolean) => {
    let def: unknown;
    try {
      def = definition();
    } catch (e) {
      setProblems([{ path: '', message: t('calls.notJson', { reason: (e as Error).message }) }]);
      return;
    }
    try {
      const r = await importCall({ variables: { definition: def, dryRun } });
      const p = r.data!.importCall;
      const targets = p.directions.reduce((a, d) => a + d.targets.length, 0);
      setProblems([]);
      if (dryRun)
        setChecked(t('calls.valid', { code: p.code, year: p.year, directions: p.directions.length, targets }));
      else {
        message.success(t('calls.imported', { code: p.code }));
        onDone();
      }
    } catch (e) {
      setChecked(null);
      setProblems(problemsOf(e));
    }
  };

  return (
    <Modal
      open={open}
      width={860}
      title={copyFrom ? t('calls.copyTitle', { code: copyFrom.code }) : t('calls.importTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="check"
          data-testid="call-check"
          onClick={() => void run(true)}
          loading={state.loading}
          disabled={!text.trim()}
        >
          {t('calls.check')}
        </Button>,
        <Button
          key="import"
          data-testid="call-import"
          type="primary"
          onClick={() => void run(false)}
          loading={state.loading}
          disabled={!text.trim()}
        >
          {t('calls.import')}
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('calls.help')}
        </Typography.Paragraph>
        <Space wrap>
          <label>
            {t('calls.code')}{' '}
            <Input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              style={{ width: 200 }}
              aria-label={t('calls.code')}
              placeholder="TY-SZ-2024"
            />
          </label>
          <label>
            {t('calls.year')}{' '}
            <InputNumber value={year} onChange={(v) => setYear(v)} min={2000} max={2100} aria-label={t('calls.year')} />
          </label>
          {!copyFrom && (
            <Upload
              accept="application/json,.json"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((s) => {
                  setText(s);
                  setProblems(null);
                  setChecked(null);
                });
                return false;
              }}
            >
              <Button>{t('calls.chooseFile')}</Button>
            </Upload>
          )}
        </Space>
        <Input.TextArea
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setChecked(null);
          }}
          autoSize={{ minRows: 10, maxRows: 22 }}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          aria-label={t('calls.definition')}
          placeholder={t('calls.placeholder')}
        />
        {checked && <Alert type="success" showIcon title={checked} />}
        {problems && problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={t('calls.problems', { count: problems.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="call-problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.path && <code>{p.path}</code>} {inLang(i18n.language, p.messageZh, p.message)}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Space>
    </Modal>
  );
}
