export { itUntilGranted, itWhereIamIsEnforced, type TestDeclaration } from './until-granted.js';
export { expectAccessDenied } from './access-denied.js';
