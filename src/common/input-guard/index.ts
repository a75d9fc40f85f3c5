export { jsonBodyViolation, LONE_SURROGATE_IN_BODY, NUL_IN_BODY, tooDeep } from './json-body-guard';
export { NUL_IN_URL, urlHasNul } from './url-guard';
export { answerClientError } from './client-error';
export { jsonBodyParserOptions, urlGuard } from './input-guard';
