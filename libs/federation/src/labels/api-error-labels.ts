import { ErrorKind } from '../errors/app-error';
import { registerErrorLabels } from './labels';

registerErrorLabels(ErrorKind, {
  BAD_USER_INPUT: '输入的内容不符合要求',
  NOT_FOUND: '要找的记录不存在',
  FORBIDDEN: '无权进行此操作',
  UNAUTHENTICATED: '尚未登录或登录已失效，请重新登录',
  CONFLICT: '记录的当前状态不允许此操作',
});

/** Codes that Apollo, GraphQL and the query limits answer with before any feature is reached. */
export enum ApiErrorCode {
  Internal = 'INTERNAL_SERVER_ERROR',
  ValidationFailed = 'GRAPHQL_VALIDATION_FAILED',
  ParseFailed = 'GRAPHQL_PARSE_FAILED',
  BadRequest = 'BAD_REQUEST',
  OperationNotFound = 'OPERATION_RESOLUTION_FAILURE',
  PersistedQueryNotFound = 'PERSISTED_QUERY_NOT_FOUND',
  PersistedQueryNotSupported = 'PERSISTED_QUERY_NOT_SUPPORTED',
  QueryTooDeep = 'QUERY_TOO_DEEP',
  QueryTooComplex = 'QUERY_TOO_COMPLEX',
}

registerErrorLabels(ApiErrorCode, {
  INTERNAL_SERVER_ERROR: '服务器内部错误，请稍后重试或联系运维人员',
  GRAPHQL_VALIDATION_FAILED: '请求与接口定义不符',
  GRAPHQL_PARSE_FAILED: '请求格式错误，无法解析',
  BAD_REQUEST: '请求无效',
  OPERATION_RESOLUTION_FAILURE: '请求中找不到要执行的操作',
  PERSISTED_QUERY_NOT_FOUND: '未找到预存的查询',
  PERSISTED_QUERY_NOT_SUPPORTED: '不支持预存查询',
  QUERY_TOO_DEEP: '查询嵌套层级过深',
  QUERY_TOO_COMPLEX: '查询内容过多，请减少每页条数或字段',
});
