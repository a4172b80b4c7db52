// The types a claim can be given in the Token Editor, in the order the form
// offers them. Small and pure: the form's page uses the list as well as the core.

/** The types a claim outside the preset's schema can be given in the form; `date` is a NumericDate (a number of seconds). */
export const CLAIM_TYPES = ['string', 'number', 'boolean', 'array', 'object', 'date'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];
