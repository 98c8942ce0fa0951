export { COMBINING_ACUTE, containsCyrillic, CYRILLIC_TO_LATIN, cyrillicToLatin } from './cyrillic';
