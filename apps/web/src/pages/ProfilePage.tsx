import { useMutation, useQuery } from '@apollo/client/react';
import { AccountPanel } from '../components/AccountPanel';
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, LoadError } from '../components/Loading';
import { Panel } from '../components/Panel';
import { graphql } from '../gql';
import { errorText } from '../lib/format';
import { INSTITUTIONS } from './experts/queries';

const PROFILE = graphql(`
  query MyProfile {
    myProfile {
      expert {
        id
        name
        emails
        orcid
        title
        disciplines
        applicationCodes
        keywords
        affiliations {
          institution
          from
          to
        }
      }
      relations {
        id
        type
        otherName
      }
      publications {
        id
        title
        year
        coauthors
      }
      reviewQuality {
        ratings
        shown
        helpful
        needsWork
        tooShort
        tooVague
        notConstructive
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation UpdateMyProfile($input: ProfileInput!) {
    updateMyProfile(input: $input) {
      expert {
        id
        title
        keywords
        applicationCodes
        affiliations {
          institution
          from
          to
        }
      }
    }
  }
`);
const ADD_RELATION = graphql(`
  mutation AddMyRelation($type: String!, $person: PersonRefInput!) {
    addMyRelation(type: $type, person: $person) {
      relations {
        id
        type
        otherName
      }
    }
  }
`);
const ADD_PUBLICATION = graphql(`
  mutation AddMyPublication($title: String!, $year: Int!, $coauthors: [PersonRefInput!]!) {
    addMyPublication(title: $title, year: $year, coauthors: $coauthors) {
      publications {
        id
        title
        year
        coauthors
      }
    }
  }
`);

interface ProfileValues {
  title?: string;
  keywords: string[];
  applicationCodes: string[];
  affiliations: { institution: string; from?: string | null; to?: string | null; saved?: boolean }[];
}

/**
 * 个人资料: what an expert keeps up to date before accepting work — expertise, affiliations
 * (added or ended, never removed: that is the office's), students, family and co-authors. Every
 * save re-detects the conflicts of the rounds under way.
 */
export default function ProfilePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(PROFILE, { fetchPolicy: 'cache-and-network' });
  const [form] = Form.useForm<ProfileValues>();
  const [instSearch, setInstSearch] = useState('');
  const insts = useQuery(INSTITUTIONS, { variables: { search: instSearch || null, limit: 20 } });
  const [update, updating] = useMutation(UPDATE, { refetchQueries: ['MyProfile'] });
  const p = data?.myProfile;
  useEffect(() => {
    if (!p) return;
    form.setFieldsValue({
      title: p.expert.title ?? '',
      keywords: p.expert.keywords,
      applicationCodes: p.expert.applicationCodes,
      affiliations: p.expert.affiliations.map((a) => ({ ...a, saved: true })),
    });
  }, [p, form]);
  if (loading && !data) return <Loading />;
  if (error) return <LoadError message={errorText(error)} onRetry={refetch} />;
  if (!p) return null;

  const save = async (v: ProfileValues) => {
    try {
      await update({
        variables: {
          input: {
            title: v.title || null,
            keywords: v.keywords ?? [],
            applicationCodes: v.applicationCodes ?? [],
            affiliations: (v.affiliations ?? []).map((a) => ({
              institution: a.institution,
              from: a.from || null,
              to: a.to || null,
            })),
          },
        },
      });
      message.success(t('profile.saved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const q = p.reviewQuality;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('profile.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('profile.why')}</Typography.Paragraph>
      <Panel title={t('profile.record')}>
        <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('experts.name')}>{p.expert.name}</Descriptions.Item>
          <Descriptions.Item label={t('experts.emails')}>{p.expert.emails.join('; ')}</Descriptions.Item>
          <Descriptions.Item label={t('experts.disciplines')}>
            {p.expert.disciplines.map((d) => (
              <Tag key={d}>{t(`discipline.${d}`)}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('profile.officeFields')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={save} disabled={updating.loading}>
          <Form.Item name="title" label={t('experts.titleField')}>
            <Input maxLength={320} />
          </Form.Item>
          <Form.Item name="keywords" label={t('experts.keywords')}>
            <Select mode="tags" tokenSeparators={[',', ';', '；']} open={false} aria-label={t('experts.keywords')} />
          </Form.Item>
          <Form.Item name="applicationCodes" label={t('experts.codes')}>
            <Select mode="tags" tokenSeparators={[',', ';', '；', ' ']} open={false} aria-label={t('experts.codes')} />
          </Form.Item>
          <Typography.Text strong>{t('experts.affiliations')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('profile.affiliationsRule')}
          </Typography.Paragraph>
          <Form.List name="affiliations">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => {
                  const saved = form.getFieldValue(['affiliations', f.name, 'saved']) as boolean | undefined;
                  return (
                    <Space key={f.key} wrap align="start">
                      <Form.Item
                        name={[f.name, 'institution']}
                        rules={[{ required: true, message: t('experts.institutionRequired') }]}
                      >
                        <AutoComplete
                          style={{ width: 240 }}
                          disabled={saved}
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
                        <Input
                          placeholder={t('experts.from')}
                          aria-label={t('experts.from')}
                          style={{ width: 130 }}
                          disabled={saved}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'to']}>
                        <Input placeholder={t('experts.to')} aria-label={t('experts.to')} style={{ width: 130 }} />
                      </Form.Item>
                      {!saved && (
                        <Button type="text" onClick={() => remove(f.name)}>
                          {t('experts.removeAffiliation')}
                        </Button>
                      )}
                    </Space>
                  );
                })}
                <div>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ institution: '' })}>
                    {t('experts.addAffiliation')}
                  </Button>
                </div>
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" loading={updating.loading} style={{ marginTop: 16, minHeight: 44 }}>
            {t('profile.save')}
          </Button>
        </Form>
      </Panel>
      <RelationsPanel relations={p.relations} />
      <PublicationsPanel publications={p.publications} />
      <Panel title={t('profile.quality')}>
        {q.shown ? (
          <Space wrap data-testid="review-quality">
            <Tag color="success">
              {t('ratings.HELPFUL')} {q.helpful}
            </Tag>
            <Tag>
              {t('ratings.NEEDS_WORK')} {q.needsWork}
            </Tag>
            <Tag>
              {t('ratings.TOO_SHORT')} {q.tooShort}
            </Tag>
            <Tag>
              {t('ratings.TOO_VAGUE')} {q.tooVague}
            </Tag>
            <Tag>
              {t('ratings.NOT_CONSTRUCTIVE')} {q.notConstructive}
            </Tag>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('profile.qualityHidden', { n: q.ratings })}</Typography.Text>
        )}
      </Panel>
      <AccountPanel />
    </>
  );
}

function RelationsPanel({ relations }: { relations: { id: string; type: string; otherName: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [add, adding] = useMutation(ADD_RELATION, { refetchQueries: ['MyProfile'] });
  const [form] = Form.useForm<{ type: string; name: string; email?: string; orcid?: string }>();
  return (
    <Panel title={t('profile.relations')}>
      <List
        size="small"
        dataSource={relations}
        locale={{ emptyText: <Typography.Text type="secondary">{t('common.none')}</Typography.Text> }}
        renderItem={(r) => (
          <List.Item>
            {t(`profile.relationTypes.${r.type}`)} · {r.otherName}
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="inline"
        style={{ marginTop: 12, rowGap: 8 }}
        disabled={adding.loading}
        onFinish={async (v) => {
          try {
            await add({
              variables: { type: v.type, person: { name: v.name, email: v.email || null, orcid: v.orcid || null } },
            });
            message.success(t('profile.added'));
            form.resetFields();
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Form.Item name="type" rules={[{ required: true, message: t('profile.typeRequired') }]}>
          <Select
            style={{ width: 140 }}
            placeholder={t('profile.relationType')}
            aria-label={t('profile.relationType')}
            options={['ADVISOR', 'ADVISEE', 'FAMILY'].map((v) => ({
              value: v,
              label: t(`profile.relationTypes.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: t('profile.nameRequired') }]}>
          <Input placeholder={t('experts.name')} aria-label={t('profile.otherName')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="email">
          <Input placeholder={t('profile.email')} aria-label={t('profile.email')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="orcid">
          <Input placeholder="ORCID" aria-label="ORCID" style={{ width: 180 }} />
        </Form.Item>
        <Button htmlType="submit" loading={adding.loading}>
          {t('profile.addRelation')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('profile.removeByOffice')}
      </Typography.Paragraph>
    </Panel>
  );
}

function PublicationsPanel({
  publications,
}: {
  publications: { id: string; title: string; year: number; coauthors: string[] }[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [add, adding] = useMutation(ADD_PUBLICATION, { refetchQueries: ['MyProfile'] });
  const [form] = Form.useForm<{ title: string; year: number; coauthors: { name: string; email?: string }[] }>();
  return (
    <Panel title={t('profile.publications')}>
      <List
        size="small"
        dataSource={publications}
        locale={{ emptyText: <Typography.Text type="secondary">{t('common.none')}</Typography.Text> }}
        renderItem={(p) => (
          <List.Item>
            {p.year} · {p.title}
            {p.coauthors.length ? ` · ${p.coauthors.join(', ')}` : ''}
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        disabled={adding.loading}
        initialValues={{ coauthors: [{ name: '' }] }}
        onFinish={async (v) => {
          try {
            await add({
              variables: {
                title: v.title,
                year: v.year,
                coauthors: v.coauthors.map((c) => ({ name: c.name, email: c.email || null })),
              },
            });
            message.success(t('profile.added'));
            form.resetFields();
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Space wrap align="start">
          <Form.Item
            name="title"
            label={t('profile.pubTitle')}
            rules={[{ required: true, message: t('profile.pubTitle') }]}
          >
            <Input style={{ width: 320 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="year" label={t('profile.year')} rules={[{ required: true, message: t('profile.year') }]}>
            <InputNumber min={1950} max={new Date().getFullYear() + 1} precision={0} />
          </Form.Item>
        </Space>
        <Form.List name="coauthors">
          {(fields, { add: addRow }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('profile.nameRequired') }]}>
                    <Input
                      placeholder={t('profile.coauthor')}
                      aria-label={t('profile.coauthor')}
                      style={{ width: 160 }}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'email']} rules={[{ required: true, message: t('profile.emailRequired') }]}>
                    <Input
                      placeholder={t('profile.email')}
                      aria-label={t('profile.coauthorEmail')}
                      style={{ width: 220 }}
                    />
                  </Form.Item>
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => addRow({ name: '' })}
                style={{ marginBottom: 12 }}
              >
                {t('profile.addCoauthor')}
              </Button>
            </>
          )}
        </Form.List>
        <div>
          <Button htmlType="submit" loading={adding.loading}>
            {t('profile.addPublication')}
          </Button>
        </div>
      </Form>
    </Panel>
  );
}
