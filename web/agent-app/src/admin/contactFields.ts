// A story's `ask` steps and the contact field each writes its answer to (`contact_field`, docs/stories.md).

export const CONTACT_FIELDS = ['name', 'email', 'phone_number'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface AskStep {
  id: string;
  variable: string;
  contactField: ContactField | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The story's `ask` steps in the order they are written; none when the definition is not a story object. */
export function askSteps(definition: unknown): AskStep[] {
  if (!isObject(definition) || !isObject(definition.steps)) return [];
  return Object.entries(definition.steps).flatMap(([id, step]) => {
    if (!isObject(step) || step.type !== 'ask') return [];
    const field = CONTACT_FIELDS.find((f) => f === step.contact_field) ?? null;
    return [{ id, variable: typeof step.variable === 'string' ? step.variable : '', contactField: field }];
  });
}

/** A copy of the definition whose step `id` writes to `field` (null: to no contact field); other steps untouched. */
export function withContactField(definition: unknown, id: string, field: ContactField | null): unknown {
  if (!isObject(definition) || !isObject(definition.steps) || !isObject(definition.steps[id])) return definition;
  const step: Record<string, unknown> = { ...definition.steps[id] };
  if (field) step.contact_field = field;
  else delete step.contact_field;
  return { ...definition, steps: { ...definition.steps, [id]: step } };
}
