import { TryMessage } from '../../try-content';

export type TryContentDraftCommand = TryMessage;
