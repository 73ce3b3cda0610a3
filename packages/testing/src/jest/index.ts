export { itUntilGranted, itWhereIamIsEnforced, type TestDeclaration } from './until-granted.js';
export { expectAccessDenied, refusedOnPurpose } from './access-denied.js';
