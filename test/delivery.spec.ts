import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { onePagePdf } from './helpers/pdf';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import S3rver from 's3rver';
import { SMTPServer } from 'smtp-server';
import { MailService } from '../apps/api/src/mail/mail.service';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * The two optional back ends of the review rounds, against real servers speaking their protocols:
 * reminders through SMTP (smtp-server, the Nodemailer project's server) and documents in an
 * S3-compatible bucket (s3rver).
 */

interface Received {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

async function startSmtp(opts: { refuse?: (rcpt: string) => boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.(address.address)) {
        const err = new Error('550 mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
          });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((res) => server.close(() => res())) };
}

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reminders through SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let officer: string;
  let roundId: string;
  let refused: string;
  beforeAll(async () => {
    // one reviewer's mailbox refuses mail: that message must be retried, the others delivered
    smtp = await startSmtp({ refuse: (a) => a === refused });
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Tianyuan <review@example.org>' });
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
    [{ id: roundId }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN'`);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends every due reminder to its reviewer, in Chinese and English, and marks it SENT; a refused one is retried later', async () => {
    const due: { email: string }[] = await t.db.query(
      `SELECT DISTINCT u.email FROM assignments a JOIN users u ON u.id = a.reviewer_id
         LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' AND (r.status IS NULL OR r.status <> 'SUBMITTED') ORDER BY u.email`,
      [roundId],
    );
    expect(due.length).toBeGreaterThan(3);
    refused = due[1].email;
    const sent = await t.gql<{ sendReminders: number }>(
      'mutation($r:ID!){ sendReminders(roundId:$r) }',
      { r: roundId },
      officer,
    );
    expect(sent.data!.sendReminders).toBe(due.length);
    await until(async () => smtp.received.length >= due.length - 1);
    const box = await until(async () => {
      const r = await t.gql<{
        outbox: { toAddress: string; status: string; attempts: number; error: string | null; sentAt: string | null }[];
      }>('query($r:ID){ outbox(roundId:$r){ toAddress status attempts error sentAt } }', { r: roundId }, officer);
      const rows = r.data!.outbox;
      return rows.every((m) => m.status === 'SENT' || m.status === 'PENDING') &&
        rows.filter((m) => m.status === 'SENT').length === due.length - 1
        ? rows
        : null;
    });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(due.map((d) => d.email).filter((e) => e !== refused));
    for (const m of smtp.received) {
      expect(m.subject).toMatch(/^【评审提醒】.*Reminder/);
      expect(m.text).toContain('专家您好');
      expect(m.messageId).toMatch(/@tianyuan-review>$/);
    }
    const failed = box.find((m) => m.toAddress === refused)!;
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(failed.error).toMatch(/550/);
    expect(failed.sentAt).toBeNull();
    // the retry is queued for later, not lost (the delivery job queues it right after its pass)
    const queued = await until(async () => {
      const [next] = await t.db.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.deliver' AND state = 'created' AND start_after > now()`,
      );
      return next.n > 0 ? next.n : null;
    });
    expect(queued).toBeGreaterThan(0);
    console.log(`SMTP: ${due.length} reminders, ${smtp.received.length} delivered, 1 refused and queued for retry`);
  });

  it('gives up after 5 attempts and keeps the server’s answer; a server that is down loses nothing', async () => {
    const mail = t.app.get(MailService);
    for (let i = 0; i < 6; i++) {
      // the app's own mail worker may be sending right now: each try starts once it has finished
      await until(async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'SENDING'`);
        return n === 0 ? true : null;
      });
      await t.db.query(`UPDATE outbox SET next_attempt_at = now() - interval '1 second' WHERE status = 'PENDING'`);
      await mail.deliverPending();
    }
    const [row] = await t.db.query(`SELECT status, attempts, error FROM outbox WHERE to_address = $1`, [refused]);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 5 });
    // the SMTP server goes away: new reminders wait as PENDING with the connection error
    await smtp.close();
    await t.db.query(`DELETE FROM outbox`);
    const r = await t.gql<{ sendReminders: number }>(
      'mutation($r:ID!){ sendReminders(roundId:$r) }',
      { r: roundId },
      officer,
    );
    expect(r.data!.sendReminders).toBeGreaterThan(0);
    await until(async () => {
      const rows: { status: string; error: string | null }[] = await t.db.query(`SELECT status, error FROM outbox`);
      return rows.length > 0 && rows.every((x) => x.status === 'PENDING' && x.error) ? rows : null;
    });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'PENDING'`);
    expect(n).toBe(r.data!.sendReminders);
  });
});

describe('reminders without SMTP', () => {
  it('are KEPT in the outbox for officers to read', async () => {
    const t = await startTestApp();
    try {
      await seedDemo(t.app);
      const officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
      const [{ id }] = await t.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN'`);
      const r = await t.gql<{ sendReminders: number }>(
        'mutation($r:ID!){ sendReminders(roundId:$r) }',
        { r: id },
        officer,
      );
      const box = await t.gql<{ outbox: { status: string }[] }>('{ outbox { status } }', {}, officer);
      expect(box.data!.outbox).toHaveLength(r.data!.sendReminders);
      expect(new Set(box.data!.outbox.map((m) => m.status))).toEqual(new Set(['KEPT']));
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'mail.deliver'`);
      expect(n).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('documents in an S3-compatible bucket', () => {
  const PDF = onePagePdf('中期报告 S3');
  let s3: S3rver;
  let port: number;
  let t: TestApp;
  let officer: string;
  const s3dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  beforeAll(async () => {
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3dir,
      configureBuckets: [{ name: 'review-docs', configs: [] }],
    });
    const addr = (await s3.run()) as AddressInfo;
    port = addr.port;
    t = await startTestApp({
      S3_BUCKET: 'review-docs',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_PREFIX: 'tianyuan/',
    });
    await seedDemo(t.app);
    officer = (await t.login('officer@demo.local', 'demo-officer')).accessToken;
  });
  afterAll(async () => {
    await t.close();
    await s3.close().catch(() => undefined);
  });

  it('stores uploads in the bucket (not on disk) and serves them back byte for byte', async () => {
    const [p] = await t.db.query(`SELECT id FROM applications ORDER BY id LIMIT 1`);
    const up = await t.http
      .post(`/documents/projects/${p.id}?kind=PROPOSAL`)
      .set('authorization', `Bearer ${officer}`)
      .attach('file', PDF, '申请书.pdf');
    expect(up.status).toBe(201);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'review-docs' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([`tianyuan/${up.body.sha256}`]);
    expect(
      existsSync(join(t.config.dataDir, 'documents')) ? readdirSync(join(t.config.dataDir, 'documents')) : [],
    ).toEqual([]);
    const down = await t.http.get(`/documents/${up.body.id}`).set('authorization', `Bearer ${officer}`).buffer(true);
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, PDF)).toBe(0);
    client.destroy();
  });

  it('answers 503 naming the store when the bucket cannot be reached, and records nothing', async () => {
    await s3.close();
    const [p] = await t.db.query(`SELECT id FROM applications ORDER BY id LIMIT 1`);
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM documents`);
    const up = await t.http
      .post(`/documents/projects/${p.id}?kind=MIDTERM_REPORT`)
      .set('authorization', `Bearer ${officer}`)
      .attach('file', Buffer.concat([PDF, Buffer.from('another')]), 'r.pdf');
    expect(up.status).toBe(503);
    expect(up.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(up.body)).not.toMatch(/at .*\.js/);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM documents`);
    expect(after).toBe(before);
  });
});
