import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Checkbox, Form, Input, InputNumber, List, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Panel } from '../../components/Panel';
import { graphql } from '../../gql';
import { beijing, beijingInput, errorText, fromBeijingInput } from '../../lib/format';
import type { Round } from './types';

const DATA = graphql(`
  query RoundPanels($roundId: ID!) {
    panelMeetings(roundId: $roundId) {
      id
      titleZh
      titleEn
      kind
      startsAt
      status
      members {
        id
      }
      items {
        id
      }
    }
    reviewerPool(roundId: $roundId) {
      id
      name
      disabled
    }
    pool: reviewerPool {
      id
      name
      disabled
    }
  }
`);
const CREATE = graphql(`
  mutation CreatePanelMeeting($input: PanelMeetingInput!) {
    createPanelMeeting(input: $input) {
      id
    }
  }
`);

interface Values {
  titleZh: string;
  titleEn: string;
  startsAt: string;
  location?: string;
  chair: string;
  viceChair?: string;
  members: string[];
  substitutes?: string[];
  slotMinutes?: number;
  orderByRecusal?: boolean;
  changeableVotes?: boolean;
}

/** 会议评审: the round's panel meetings, and a new one (members from the round's reviewers; agenda from the ranking). */
export function PanelsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en-US';
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data, refetch } = useQuery(DATA, { variables: { roundId: round.id }, fetchPolicy: 'cache-and-network' });
  const [create, creating] = useMutation(CREATE);
  // the round's reviewers first, then the rest of the expert pool (every expert with an account)
  const inRound = (data?.reviewerPool ?? []).filter((r) => !r.disabled);
  const roundIds = new Set(inRound.map((r) => r.id));
  const others = (data?.pool ?? []).filter((r) => !r.disabled && !roundIds.has(r.id));
  const people = [
    { label: t('panel.fromRound'), options: inRound.map((r) => ({ value: r.id, label: r.name })) },
    ...(others.length
      ? [{ label: t('panel.fromPool'), options: others.map((r) => ({ value: r.id, label: r.name })) }]
      : []),
  ];
  const submit = async (v: Values) => {
    const startsAt = fromBeijingInput(v.startsAt);
    if (!startsAt) {
      form.setFields([{ name: 'startsAt', errors: [t('panel.startsAtRequired')] }]);
      return;
    }
    const members = [
      { userId: v.chair, role: 'CHAIR' as const },
      ...(v.viceChair ? [{ userId: v.viceChair, role: 'VICE_CHAIR' as const }] : []),
      ...(v.members ?? []).map((userId) => ({ userId, role: 'MEMBER' as const })),
      ...(v.substitutes ?? []).map((userId) => ({ userId, role: 'SUBSTITUTE' as const })),
    ];
    try {
      const r = await create({
        variables: {
          input: {
            roundId: round.id,
            titleZh: v.titleZh,
            titleEn: v.titleEn,
            startsAt: startsAt.toISOString(),
            location: v.location || null,
            members,
            slotMinutes: v.slotMinutes ?? null,
            orderByRecusal: Boolean(v.orderByRecusal),
            rules: v.changeableVotes ? { changeableVotes: true } : null,
          },
        },
      });
      message.success(t('panel.created'));
      form.resetFields();
      void refetch();
      return r;
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const meetings = data?.panelMeetings ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('panel.why')}</Typography.Paragraph>
      <Panel title={t('panel.meetings')}>
        <List
          size="small"
          dataSource={meetings}
          locale={{ emptyText: <Typography.Text type="secondary">{t('panel.noMeetings')}</Typography.Text> }}
          renderItem={(m) => (
            <List.Item>
              <Link to={`/panels/${m.id}`}>{zh ? m.titleZh : m.titleEn}</Link>
              <span>
                {beijing(m.startsAt, i18n.language)} ·{' '}
                {t('panel.size', { members: m.members.length, items: m.items.length })}{' '}
                <Tag>{t(`panel.statuses.${m.status}`)}</Tag>
              </span>
            </List.Item>
          )}
        />
      </Panel>
      {round.status !== 'FINALIZED' && (
        <Panel title={t('panel.new')}>
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            disabled={creating.loading}
            initialValues={{
              titleZh: `${round.nameZh}${round.kind === 'MIDTERM' ? '答辩会' : '会议评审'}`,
              titleEn: `${round.nameEn}: ${round.kind === 'MIDTERM' ? 'defence' : 'panel meeting'}`,
              startsAt: beijingInput(new Date(Date.now() + 7 * 86_400_000)),
              slotMinutes: round.kind === 'MIDTERM' ? 30 : undefined,
            }}
          >
            <Form.Item
              name="titleZh"
              label={t('panel.titleZh')}
              rules={[{ required: true, message: t('panel.titleRequired') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              name="titleEn"
              label={t('panel.titleEn')}
              rules={[{ required: true, message: t('panel.titleRequired') }]}
            >
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item
              name="startsAt"
              label={t('panel.startsAt')}
              rules={[{ required: true, message: t('panel.startsAtRequired') }]}
            >
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item name="location" label={t('panel.location')}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item
              name="chair"
              label={t('panel.roles.CHAIR')}
              rules={[{ required: true, message: t('panel.chairRequired') }]}
            >
              <Select showSearch={{ optionFilterProp: 'label' }} options={people} aria-label={t('panel.roles.CHAIR')} />
            </Form.Item>
            <Form.Item name="viceChair" label={t('panel.roles.VICE_CHAIR')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={people}
                aria-label={t('panel.roles.VICE_CHAIR')}
              />
            </Form.Item>
            <Form.Item
              name="members"
              label={t('panel.roles.MEMBER')}
              rules={[{ required: true, message: t('panel.membersRequired') }]}
            >
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                options={people}
                aria-label={t('panel.roles.MEMBER')}
              />
            </Form.Item>
            <Form.Item name="substitutes" label={t('panel.roles.SUBSTITUTE')}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                options={people}
                aria-label={t('panel.roles.SUBSTITUTE')}
              />
            </Form.Item>
            <Form.Item name="slotMinutes" label={t('panel.slotMinutes')}>
              <InputNumber min={5} max={240} precision={0} />
            </Form.Item>
            <Form.Item name="orderByRecusal" valuePropName="checked">
              <Checkbox>{t('panel.orderByRecusal')}</Checkbox>
            </Form.Item>
            <Form.Item name="changeableVotes" valuePropName="checked">
              <Checkbox>{t('panel.changeableVotes')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={creating.loading}>
              {t('panel.create')}
            </Button>
          </Form>
        </Panel>
      )}
    </>
  );
}
