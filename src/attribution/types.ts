/** Who a call was made for, e.g. `{ type: 'customer', id: 'acme-corp' }`. */
export interface Entity {
  type: string;
  id: string;
}

export type TagValue = string | number | boolean;

/** Free-form dimensions for cost breakdowns, e.g. `{ feature: 'chatbot' }`. */
export type Tags = Readonly<Record<string, TagValue>>;

/**
 * The extra parameters a call may carry, as the seeds show them. They are removed
 * before the SDK builds the request: the provider never receives them.
 */
export interface AttributionParams {
  /** The kind of entity the call is for, e.g. `customer`. */
  entity_type?: string;
  /** The entity's id, e.g. `acme-corp`. */
  entity_id?: string;
  /** Free-form tags recorded as `infraprism.tag.<key>`. */
  tags?: Tags;
}

/** Attribution as resolved for one call: entity fields may be set independently. */
export interface Attribution {
  entityType?: string;
  entityId?: string;
  tags: Tags;
}
