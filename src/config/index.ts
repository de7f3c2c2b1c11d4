export { loadConfig, parseApiKeys, ENVIRONMENT, ROLES, type Config, type ConfigOverrides, type ApiKey, type Role } from './config.js';
export * from './parameters.js';
