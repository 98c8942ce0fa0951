export * from './content.types';
export { expandAuthoredContent, localize } from './expand-authored-content';
export { loadSeedContent, budvaAuthoredContent } from './seed/budva.content';
