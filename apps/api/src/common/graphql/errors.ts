import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AssignmentInputError } from '@app/assignment';
import { CallInputError } from '@app/calls';
import { ConflictInputError } from '@app/conflicts';
import { DecisionInputError } from '@app/decisions';
import { EligibilityInputError } from '@app/eligibility';
import { ScoringInputError } from '@app/scoring';
import { messageTexts } from '../i18n/texts';
import { currentRequestId, graphqlErrorObservers } from '../observability/request-context';

/** Each lib refuses input it cannot use with its own error class: mapped here, once. */
const LIB_INPUT_ERRORS = [
  AssignmentInputError,
  ConflictInputError,
  DecisionInputError,
  EligibilityInputError,
  ScoringInputError,
];

/** The error codes of the contract (docs/contract/graphql.md), plus a few of our own. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT_OF_INTEREST',
  'VERSION_CONFLICT',
  'ROUND_CLOSED',
  'INFEASIBLE',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A domain error: services throw these; one mapping turns them into GraphQL or HTTP errors. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field });
const THING_ZH: Record<string, string> = {
  'assignment run': '分配方案',
  run: '后台任务',
  assignment: '评审任务',
  conflict: '回避记录',
  'document file': '文件',
  document: '文件',
  expert: '专家',
  invitation: '邀请',
  review: '评审意见',
  'panel meeting': '评审会议',
  ballot: '投票',
  program: '资助计划',
  project: '项目',
  round: '评审轮次',
  user: '用户',
};
/** Not there (or not the caller's): the id goes in `extensions.id`, never into the text people read. */
export const notFound = (what: string, id: string) =>
  new DomainError('NOT_FOUND', `${what} not found / 未找到该${THING_ZH[what] ?? what}`, { id });
export const forbidden = (message = 'Not allowed / 无权限') => new DomainError('FORBIDDEN', message);

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  BAD_USER_INPUT: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT_OF_INTEREST: HttpStatus.CONFLICT,
  VERSION_CONFLICT: HttpStatus.CONFLICT,
  ROUND_CLOSED: HttpStatus.CONFLICT,
  INFEASIBLE: HttpStatus.UNPROCESSABLE_ENTITY,
  TOO_MANY_REQUESTS: HttpStatus.TOO_MANY_REQUESTS,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL_SERVER_ERROR: HttpStatus.INTERNAL_SERVER_ERROR,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

const log = new Logger('Errors');

function fromHttpException(e: HttpException): DomainError {
  const status = e.getStatus();
  const resp = e.getResponse();
  const msg =
    typeof resp === 'object' && resp && 'message' in resp
      ? Array.isArray((resp as { message: unknown }).message)
        ? (resp as { message: string[] }).message.join('; ')
        : String((resp as { message: unknown }).message)
      : e.message;
  switch (status) {
    case 401:
      return new DomainError('UNAUTHENTICATED', msg === 'Unauthorized' ? 'Sign-in required / 请先登录' : msg);
    case 403:
      return new DomainError('FORBIDDEN', msg === 'Forbidden resource' ? 'Not allowed / 无权限' : msg);
    case 404:
      return new DomainError('NOT_FOUND', msg);
    case 413:
      return new DomainError('BAD_USER_INPUT', 'request body too large / 请求内容过大');
    case 429:
      return new DomainError('TOO_MANY_REQUESTS', msg);
    default:
      if (status >= 400 && status < 500) return new DomainError('BAD_USER_INPUT', msg);
      return internal(e);
  }
}

function internal(e: unknown): DomainError {
  // the request's own id: the same one its log lines and its X-Request-Id header carry
  const ref = currentRequestId() ?? randomUUID();
  log.error({ message: 'unhandled error', ref, error: e instanceof Error ? e.stack : String(e) });
  return new DomainError('INTERNAL_SERVER_ERROR', `Internal error (ref ${ref}) / 服务器内部错误`, { ref });
}

/** Exhaustive mapping of anything thrown to a DomainError; unknown errors are logged with a reference. */
export function toDomainError(e: unknown): DomainError {
  if (e instanceof DomainError) return e;
  if (e instanceof HttpException) return fromHttpException(e);
  if (e instanceof GraphQLError) {
    const code = e.extensions?.code;
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
      return new DomainError(code as ErrorCode, e.message);
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_REQUEST') {
      return new DomainError('BAD_USER_INPUT', e.message);
    }
    if (e.originalError) return toDomainError(e.originalError);
    return new DomainError('BAD_USER_INPUT', e.message);
  }
  const httpish = e as { status?: unknown; expose?: unknown; message?: string };
  if (typeof httpish?.status === 'number' && httpish.status >= 400 && httpish.status < 500 && httpish.expose) {
    // http-errors from body-parser: malformed JSON, body too large, bad charset
    return new DomainError(
      'BAD_USER_INPUT',
      httpish.status === 413 ? 'request body too large / 请求内容过大' : String(httpish.message),
    );
  }
  // the pure libraries' own input checks: the caller sent something the lib cannot use
  // a call definition: every problem, each by its JSON path
  if (e instanceof CallInputError)
    return new DomainError('BAD_USER_INPUT', e.message, { field: e.field, problems: e.problems });
  if (LIB_INPUT_ERRORS.some((C) => e instanceof C))
    return new DomainError('BAD_USER_INPUT', (e as Error).message, { field: (e as { field: string }).field });
  // TypeORM's findOneOrFail & co. on an id that is not there
  if ((e as Error)?.name === 'EntityNotFoundError')
    return new DomainError('NOT_FOUND', 'not found / 未找到所请求的对象');
  // text with an unpaired UTF-16 surrogate (the e-mail validator decodes URI components)
  if (e instanceof URIError)
    return new DomainError('BAD_USER_INPUT', 'the text is not well-formed Unicode / 文本含有无效字符');
  const pgCode = (e as { code?: unknown })?.code;
  if (pgCode === '57014' || (e as Error)?.message === 'Query read timeout') {
    log.warn(`database too slow: ${(e as Error).message}`);
    return new DomainError(
      'SERVICE_UNAVAILABLE',
      'the database did not answer in time, nothing was changed; try again shortly / 数据库响应超时，未作任何修改，请稍后重试',
    );
  }
  if (isDatabaseUnavailable(e)) {
    log.warn(`database unavailable: ${(e as Error).message}`);
    return new DomainError(
      'SERVICE_UNAVAILABLE',
      'the database is unavailable, nothing was changed; try again shortly / 数据库暂不可用，请稍后重试',
    );
  }
  if (pgCode === '22021' || pgCode === '22P05')
    return new DomainError(
      'BAD_USER_INPUT',
      'text contains a character that cannot be stored (such as NUL) / 文本含有无法保存的字符（如 NUL）',
    );
  if (pgCode === '22P02' || pgCode === '22003' || pgCode === '22001' || pgCode === '22007' || pgCode === '22008') {
    // invalid text representation (a malformed uuid), out of range, string too long, bad date
    return new DomainError('BAD_USER_INPUT', `invalid value: ${(e as Error).message}`);
  }
  return internal(e);
}

/** PostgreSQL's SQLSTATE of an error from pg or from TypeORM (which wraps pg's in `driverError`), or ''. */
export function pgErrorCode(e: unknown): string {
  const x = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = x?.code ?? x?.driverError?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * The database cannot be reached or is shutting down (connection refused or reset, admin
 * shutdown, crash recovery, pool timeout): the caller's 503, retried by clients; the statement
 * did not commit.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 4; depth++) {
    const x = cur as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof x.code === 'string' ? x.code : '';
    // 08xxx connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections
    if (/^(08|57P0[123]$|53300$)/.test(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
    const msg = typeof x.message === 'string' ? x.message : '';
    // TypeORM releases a transaction's connection when it breaks; its next statement fails so
    const name = (cur as { name?: unknown }).name;
    if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError') return true;
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i.test(
        msg,
      )
    )
      return true;
    cur = x.driverError ?? x.cause;
  }
  return false;
}

/**
 * What a client shows: `messageZh` and `messageEn`, one of which it picks by its reader's language
 * (`message` keeps the full text for API clients and logs).
 */
export function errorTexts(d: DomainError): { messageZh: string; messageEn: string } {
  const t = messageTexts(d.message, d.details.field);
  return { messageZh: t.zh, messageEn: t.en };
}

export function toGraphQLError(e: unknown): GraphQLError {
  const d = toDomainError(e);
  return new GraphQLError(d.message, { extensions: { code: d.code, ...d.details } });
}

/**
 * Apollo's formatError: the last gate before a client. Never passes a stack trace or an
 * unmapped message, in any mode.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const out = mapGraphQLError(formatted, error);
  for (const observe of graphqlErrorObservers) observe(String(out.extensions?.code ?? 'UNKNOWN'));
  return out;
}

function mapGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(code) &&
    code !== 'INTERNAL_SERVER_ERROR'
  ) {
    // every coded error leaves here with its texts, one per language (the only place they are added)
    const { stacktrace: _s, exception: _e, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const t = messageTexts(formatted.message, ext.field);
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...ext, messageZh: t.zh, messageEn: t.en },
    };
  }
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'GRAPHQL_PARSE_FAILED' ||
    code === 'BAD_USER_INPUT' ||
    code === 'BAD_REQUEST' ||
    code === 'PERSISTED_QUERY_NOT_SUPPORTED' ||
    code === 'OPERATION_RESOLUTION_FAILURE'
  ) {
    // a malformed document: said by graphql-js in English, for developers of API clients
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT', messageZh: `请求无效：${formatted.message}`, messageEn: formatted.message },
    };
  }
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const d = toDomainError(original);
  return {
    message: d.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: d.code, ...d.details, ...errorTexts(d) },
  };
}
