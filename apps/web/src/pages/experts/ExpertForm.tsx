import { graphql } from '../../gql';
import type { Discipline } from '../../gql/graphql';
import type { ExpertRow } from './queries';
import { useMutation, useQuery } from '@apollo/client/react';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/format';
import { INSTITUTIONS } from './queries';

const DISCIPLINES: Discipline[] = ['MATH', 'MEDICINE', 'IT'];

const CREATE = graphql(`
  mutation CreateExpert($input: ExpertInput!) {
    createExpert(input: $input) {
      id
    }
  }
`);
const REMOVE = graphql(`
  mutation RemoveExpert($personId: ID!) {
    removeExpert(personId: $personId)
  }
`);
const UPDATE = graphql(`
  mutation UpdateExpert($personId: ID!, $input: ExpertInput!) {
    updateExpert(personId: $personId, input: $input) {
      id
    }
  }
`);

interface Values {
  externalId?: string;
  name: string;
  nameEn?: string;
  emails: string[];
  orcid?: string;
  title?: string;
  disciplines: Discipline[];
  applicationCodes: string[];
  keywords: string[];
  affiliations: { institution: string; from?: string; to?: string }[];
}

/** The server names a field as `emails` or `affiliations[0].institution`: put its message there. */
const formPath = (field: string): (string | number)[] =>
  field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** Adds an expert or edits one; checked as the import checks a row, problems shown on their fields. */
export function ExpertForm({
  expert,
  open,
  onClose,
}: {
  expert: ExpertRow | null;
  open: boolean;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [instSearch, setInstSearch] = useState('');
  const insts = useQuery(INSTITUTIONS, { variables: { search: instSearch || null, limit: 20 }, skip: !open });
  const [create, creating] = useMutation(CREATE);
  const [update, updating] = useMutation(UPDATE);
  const [remove, removing] = useMutation(REMOVE);
  const { modal } = App.useApp();
  const confirmRemove = () =>
    modal.confirm({
      title: t('experts.removeTitle', { name: expert!.name }),
      content: t('experts.removeWhat'),
      okText: t('experts.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await remove({ variables: { personId: expert!.id } });
          message.success(t('experts.removed', { name: expert!.name }));
          onClose(true);
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      expert
        ? {
            externalId: expert.externalId ?? undefined,
            name: expert.name,
            nameEn: expert.nameEn ?? undefined,
            emails: expert.emails,
            orcid: expert.orcid ?? undefined,
            title: expert.title ?? undefined,
            disciplines: expert.disciplines,
            applicationCodes: expert.applicationCodes,
            keywords: expert.keywords,
            affiliations: expert.affiliations.map((a) => ({
              institution: a.institution,
              from: a.from ?? undefined,
              to: a.to ?? undefined,
            })),
          }
        : { emails: [], disciplines: [], applicationCodes: [], keywords: [], affiliations: [{ institution: '' }] },
    );
  }, [open, expert, form]);
  const save = async () => {
    const v = await form.validateFields();
    const input = {
      externalId: v.externalId || null,
      name: v.name,
      nameEn: v.nameEn || null,
      emails: v.emails ?? [],
      orcid: v.orcid || null,
      title: v.title || null,
      disciplines: v.disciplines ?? [],
      applicationCodes: v.applicationCodes ?? [],
      keywords: v.keywords ?? [],
      affiliations: (v.affiliations ?? []).map((a) => ({
        institution: a.institution,
        from: a.from || null,
        to: a.to || null,
      })),
    };
    try {
      if (expert) await update({ variables: { personId: expert.id, input } });
      else await create({ variables: { input } });
      message.success(t('experts.saved', { name: v.name }));
      onClose(true);
    } catch (e) {
      const ext = (
        e as {
          errors?: {
            extensions?: { field?: string; problems?: { field: string; messageZh?: string; message: string }[] };
          }[];
        }
      ).errors?.[0]?.extensions;
      if (ext?.field) form.setFields([{ name: formPath(ext.field) as never, errors: [errorText(e)] }]);
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open={open}
      title={expert ? t('experts.editTitle', { name: expert.name }) : t('experts.add')}
      okText={t('experts.save')}
      cancelText={t('common.cancel')}
      onCancel={() => onClose(false)}
      onOk={() => void save()}
      confirmLoading={creating.loading || updating.loading}
      footer={(buttons) => (
        <>
          {expert && (
            <Button danger loading={removing.loading} onClick={confirmRemove} style={{ float: 'left' }}>
              {t('experts.remove')}
            </Button>
          )}
          {buttons}
        </>
      )}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item
            name="name"
            label={t('experts.name')}
            rules={[{ required: true, whitespace: true, message: t('experts.nameRequired') }]}
          >
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('experts.nameEn')}>
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="title" label={t('experts.titleField')}>
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="emails" label={t('experts.emails')} extra={t('experts.identityHelp')}>
          <Select mode="tags" tokenSeparators={[',', ';', '；', ' ']} open={false} aria-label={t('experts.emails')} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item name="orcid" label="ORCID">
            <Input placeholder="0000-0000-0000-0000" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="externalId" label={t('experts.externalId')}>
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="disciplines"
          label={t('experts.disciplinesLabel')}
          // a validator, not `required`: a group of checkboxes may not carry aria-required
          rules={[
            {
              validator: (_, v?: string[]) =>
                v?.length ? Promise.resolve() : Promise.reject(new Error(t('experts.disciplinesRequired'))),
            },
          ]}
        >
          <Checkbox.Group
            role="group"
            aria-label={t('experts.disciplines')}
            options={DISCIPLINES.map((d) => ({ value: d, label: t(`discipline.${d}`) }))}
          />
        </Form.Item>
        <Form.Item name="applicationCodes" label={t('experts.codes')}>
          <Select mode="tags" tokenSeparators={[',', ';', '；', ' ']} open={false} aria-label={t('experts.codes')} />
        </Form.Item>
        <Form.Item name="keywords" label={t('experts.keywords')}>
          <Select mode="tags" tokenSeparators={[',', ';', '；']} open={false} aria-label={t('experts.keywords')} />
        </Form.Item>
        <Typography.Text strong>{t('experts.affiliations')}</Typography.Text>
        <Form.List name="affiliations">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item
                    name={[f.name, 'institution']}
                    rules={[{ required: true, message: t('experts.institutionRequired') }]}
                  >
                    <AutoComplete
                      style={{ width: 240 }}
                      placeholder={t('experts.institution')}
                      aria-label={t('experts.institution')}
                      onSearch={setInstSearch}
                      options={(insts.data?.institutions ?? []).map((i) => ({
                        value: i.name,
                        label: i.nameEn ? `${i.name} · ${i.nameEn}` : i.name,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'from']}>
                    <Input placeholder={t('experts.from')} aria-label={t('experts.from')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'to']}>
                    <Input placeholder={t('experts.to')} aria-label={t('experts.to')} style={{ width: 130 }} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('experts.removeAffiliation')}
                    onClick={() => remove(f.name)}
                  />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ institution: '' })}>
                {t('experts.addAffiliation')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
