import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { mulberry32 } from '@app/random';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * A schema fuzzer: every query and mutation of schema.gql, called as every kind of caller with
 * arguments generated from their types: boundaries, odd Unicode, wrong types, huge and empty
 * values, and real ids harvested as an officer. Whatever it sends, the answer must be a coded
 * error or data: never INTERNAL_SERVER_ERROR, never an HTTP 5xx. Seeded, so a failure can be
 * replayed (FUZZ_SEED); it runs for FUZZ_SECONDS (60 by default, as in CI).
 */

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));

const STRINGS = [
  '',
  ' ',
  'a',
  '评审专家',
  'x'.repeat(5000),
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '👩‍🔬🧮',
  '\u202eevil',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '{"a":1}',
  'NaN',
  '-1',
  '2026-02-30T25:61:00Z',
  'reviewer1@demo.local',
];
const INTS = [0, 1, -1, 2, 3, 14, 15, 100, 2147483647, -2147483648];
const FLOATS = [0, -1, 0.5, 1, 1e-9, 3000000, 1e308, -1e308, 2.5e6];
const DATES = ['2026-12-20T16:00:00+08:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'yesterday', ''];

describe('schema fuzzer', () => {
  let t: TestApp;
  const tokens: Record<string, string | null> = {};
  const credentials: Record<string, [string, string]> = {
    reviewer: ['reviewer1@demo.local', 'demo-reviewer'],
    officer: ['officer@demo.local', 'demo-officer'],
    admin: ['admin@demo.local', 'demo-admin'],
  };
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS: '1000' });
    await seedDemo(t.app);
    for (const [who, [e, p]] of Object.entries(credentials)) tokens[who] = (await t.login(e, p)).accessToken;
    tokens.anonymous = null;
    // real ids of every kind, harvested from the database an officer sees (the actors' own
    // accounts left out, so that the fuzzer does not disable or re-password its own callers)
    const rows: { id: string }[] = await t.db.query(`
      SELECT id::text FROM review_rounds UNION ALL SELECT id::text FROM applications
      UNION ALL SELECT id::text FROM persons UNION ALL SELECT id::text FROM assignments
      UNION ALL SELECT id::text FROM documents UNION ALL SELECT id::text FROM conflicts
      UNION ALL SELECT id::text FROM programs UNION ALL SELECT id::text FROM jobs
      UNION ALL SELECT id::text FROM users WHERE email NOT IN ('reviewer1@demo.local','officer@demo.local','admin@demo.local')`);
    ids.push(...rows.map((r) => r.id));
  }, 120_000);
  afterAll(() => t.close());

  it(
    `answers every generated call with data or a coded error for ${SECONDS} s`,
    async () => {
      const rand = mulberry32(SEED);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
      const ops: { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [
        ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field })),
        ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation' as const, field })),
      ];

      const value = (type: GraphQLInputType, name: string, depth: number): unknown => {
        if (isNonNullType(type)) return value(type.ofType, name, depth);
        // sometimes the wrong kind of value altogether, or nothing
        if (rand() < 0.04) return pick([null, 'wrong', 42, true, [], {}]);
        if (isListType(type)) {
          const n = rand() < 0.05 ? 60 : Math.floor(rand() * 4);
          return Array.from({ length: n }, () => value(type.ofType, name, depth + 1));
        }
        if (isEnumType(type)) return rand() < 0.9 ? pick(type.getValues()).name : 'NOT_A_VALUE';
        if (isInputObjectType(type)) {
          if (depth > 3) return {};
          const o: Record<string, unknown> = {};
          for (const f of Object.values(type.getFields()))
            if (isNonNullType(f.type) || rand() < 0.6) o[f.name] = value(f.type, f.name, depth + 1);
          return o;
        }
        if (isScalarType(type)) {
          switch (type.name) {
            case 'ID':
              return rand() < 0.75 && ids.length
                ? pick(ids)
                : pick(['', 'x', '00000000-0000-4000-8000-000000000000', '\ud800']);
            case 'String':
              return /email/i.test(name) && rand() < 0.5 ? `fuzz${Math.floor(rand() * 1e6)}@demo.local` : pick(STRINGS);
            case 'Int':
              return pick(INTS);
            case 'Float':
              return pick(FLOATS);
            case 'Boolean':
              return rand() < 0.5;
            case 'DateTime':
              return pick(DATES);
            case 'JSON':
              return pick([{}, { a: 1 }, [], 'x', 1, { ['x'.repeat(100)]: ['y'] }]);
            default:
              return pick(STRINGS);
          }
        }
        return null;
      };
      const selection = (type: GraphQLOutputType): string => {
        const named = getNamedType(type);
        if (!isObjectType(named)) return '';
        const scalars = Object.values(named.getFields())
          .filter((f) => f.args.length === 0 && !isObjectType(getNamedType(f.type)))
          .map((f) => f.name);
        return `{ __typename ${scalars.slice(0, 8).join(' ')} }`;
      };

      const counts: Record<string, number> = {};
      const internal: string[] = [];
      const deadline = Date.now() + SECONDS * 1000;
      let calls = 0;
      while (Date.now() < deadline) {
        const op = pick(ops);
        const actor = pick(['anonymous', 'reviewer', 'officer', 'admin']);
        const args = op.field.args as readonly GraphQLArgument[];
        const vars: Record<string, unknown> = {};
        for (const a of args) if (isNonNullType(a.type) || rand() < 0.7) vars[a.name] = value(a.type, a.name, 0);
        const decl = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const use = args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const doc = `${op.kind} F${decl ? `(${decl})` : ''} { ${op.field.name}${use ? `(${use})` : ''} ${selection(op.field.type)} }`;
        const res = await t.http
          .post('/graphql')
          .set('content-type', 'application/json')
          .set(tokens[actor] ? { authorization: `Bearer ${tokens[actor]}` } : {})
          .send({ query: doc, variables: vars });
        calls++;
        const errors = (res.body?.errors ?? []) as { message: string; extensions?: { code?: string } }[];
        const code =
          res.status >= 500 ? `HTTP ${res.status}` : errors.length ? (errors[0].extensions?.code ?? 'NO_CODE') : 'OK';
        counts[code] = (counts[code] ?? 0) + 1;
        if (
          res.status >= 500 ||
          errors.some((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL_SERVER_ERROR')
        )
          internal.push(
            `${op.field.name} as ${actor} (${res.status}): ${JSON.stringify(vars).slice(0, 300)} → ${JSON.stringify(errors).slice(0, 300)}`,
          );
        // a caller signed out by what it just sent (logout, a password reset) signs in again
        if (actor !== 'anonymous' && code === 'UNAUTHENTICATED') {
          const [e, p] = credentials[actor];
          tokens[actor] = (await t.login(e, p)).accessToken;
        }
      }
      console.log(
        `schema fuzzer: ${calls} calls over ${ops.length} operations in ${SECONDS} s (seed ${SEED}); answers by code: ${JSON.stringify(counts)}`,
      );
      expect(internal.slice(0, 20)).toEqual([]);
    },
    (SECONDS + 120) * 1000,
  );
});
