import { Type, type Static } from 'typebox';

// Inputs of the webhook and delivery-log pages: one schema each, for validation, types and form limits.

const Id = Type.String({ pattern: '^[0-9]{1,15}$' });

export const WebhookClientParams = Type.Object({ id: Id });
export type WebhookClientParams = Static<typeof WebhookClientParams>;

export const WebhookEndpointParams = Type.Object({ id: Id, endpointId: Id });
export type WebhookEndpointParams = Static<typeof WebhookEndpointParams>;

/** The URL is checked (and its stored length limited) by the service, so a refusal re-opens the form. */
export const WebhookBody = Type.Object({ url: Type.String({ maxLength: 2000 }), _csrf: Type.Optional(Type.String()) });
export type WebhookBody = Static<typeof WebhookBody>;

export const WebhooksQuery = Type.Object({
  registered: Type.Optional(Type.String({ maxLength: 1 })),
  disabled: Type.Optional(Id),
  lang: Type.Optional(Type.String()),
});
export type WebhooksQuery = Static<typeof WebhooksQuery>;

export const deliveryStatuses = ['pending', 'sent', 'failed'] as const;

/** GET /admin/deliveries: a status ('' = all, as the form sends it) and the keyset of older pages. */
export const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(''), ...deliveryStatuses.map((s) => Type.Literal(s))])),
  before: Type.Optional(Id),
  lang: Type.Optional(Type.String()),
});
export type DeliveriesQuery = Static<typeof DeliveriesQuery>;
