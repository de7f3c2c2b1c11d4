import { Type } from '@sinclair/typebox';

/** The body of every 4xx/5xx answer. */
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'stable error code, e.g. AFIS_CAPTURE_TRUNCATED (see the README error table)' }),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorResponse', additionalProperties: false },
);

/** The standard error answers every route may give, for route schemas: `response: { ...errorResponses }`. */
export const errorResponses = {
  400: Type.Ref('ErrorResponse'),
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
  409: Type.Ref('ErrorResponse'),
  413: Type.Ref('ErrorResponse'),
  415: Type.Ref('ErrorResponse'),
  422: Type.Ref('ErrorResponse'),
  429: Type.Ref('ErrorResponse'),
  500: Type.Ref('ErrorResponse'),
  503: Type.Ref('ErrorResponse'),
} as const;
