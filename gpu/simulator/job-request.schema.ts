/**
 * JSON schema of a `POST /jobs` body, checked by Fastify's Ajv. The model is only typed as a string
 * here so an unknown model gets its own `unsupported_model` answer instead of a generic schema error.
 * Extra fields are allowed: the contract lets clients add fields.
 */
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const JOB_ID_PATTERN = new RegExp(UUID_PATTERN);

export const JOB_REQUEST_SCHEMA = {
  type: 'object',
  required: [
    'job_id', 'model', 'type', 'mode', 'prompt', 'negative_prompt', 'seed',
    'width', 'height', 'output_format', 'parameters',
  ],
  properties: {
    job_id: { type: 'string', pattern: UUID_PATTERN },
    model: { type: 'string', minLength: 1 },
    type: { enum: ['image', 'video'] },
    mode: { type: 'string', minLength: 1, maxLength: 64 },
    prompt: { type: 'string', minLength: 1, maxLength: 4000 },
    negative_prompt: { type: 'string', maxLength: 2000 },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    width: { type: 'integer', minimum: 16, maximum: 4096 },
    height: { type: 'integer', minimum: 16, maximum: 4096 },
    output_format: { enum: ['png', 'jpeg', 'mp4', 'webm'] },
    parameters: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] },
    },
    images: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        required: ['role', 'mime', 'data_base64'],
        properties: {
          role: { type: 'string', minLength: 1 },
          frame_index: { type: 'integer', minimum: 0 },
          strength: { type: 'number', minimum: 0, maximum: 1 },
          mime: { type: 'string' },
          data_base64: { type: 'string', minLength: 1 },
        },
      },
    },
    callback_url: { type: 'string', pattern: '^https?://' },
  },
} as const;
