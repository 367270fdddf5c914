export { validateGenerateRequest } from './generate-request.validator.js';
export type {
  Adjustment,
  FieldError,
  FieldErrorCode,
  ImageMime,
  ImageRole,
  ValidatedImage,
  ValidatedRequest,
} from './generate-request.types.js';
