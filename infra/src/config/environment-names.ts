/** The deployment environments, by name: a leaf module (imports nothing), so any module may name them. */
export const ENVIRONMENT_NAMES = ['local', 'dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
