export const ROLES = ['user', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];
