export { normalize, words, analyze, stem, isStopWord, foldIjekavian } from './normalize';
export { latinToCyrillic, cyrillicToLatin, containsCyrillic, stripVerbatimMarkers } from './transliterate';
export { detectLanguage } from './detect-language';
export type { DetectedLanguage, LanguageLexicon } from './detect-language';
export { buildUnderstandingModel } from './understanding-model';
export type { UnderstandingModel, ModelTopic } from './understanding-model';
export { understand, scoreTopics, MATCH_TUNING } from './match';
export type { Understanding, TopicScore, TopicScores } from './match';
export { damerauLevenshtein } from './edit-distance';
