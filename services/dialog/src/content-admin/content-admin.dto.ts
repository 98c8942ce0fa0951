import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TOPIC_KINDS, UI_TEXT_KEYS } from '../content';
import { CONTENT_AREAS } from './content-diff';

/** OpenAPI documentation of the content admin bodies; the zod schemas in content-admin.requests.ts validate. */

export class EditableTextDto {
  @ApiProperty({ example: 'Porez na nepokretnosti' }) 'cnr-Latn'!: string;
  @ApiPropertyOptional({ description: 'Generated from cnr-Latn when left out' }) 'cnr-Cyrl'?: string;
  @ApiProperty({ example: 'Property tax' }) en!: string;
}

export class EditablePhrasesDto {
  @ApiProperty({ type: [String], example: ['porez na kucu'] }) 'cnr-Latn'!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Generated from cnr-Latn when left out' })
  'cnr-Cyrl'?: string[];
  @ApiProperty({ type: [String], example: ['house tax'] }) en!: string[];
}

export class FactSourceDto {
  @ApiProperty({ example: '+382 33 451 451' }) fact!: string;
  @ApiProperty({ description: 'URL or document title of the public source' }) source!: string;
  @ApiPropertyOptional({
    example: '2020-04',
    description: 'YYYY-MM-DD, YYYY-MM or YYYY; left out when undated',
  })
  asOf?: string;
}

export class TopicRequestDto {
  @ApiProperty({ example: 'local-revenue' }) department!: string;
  @ApiProperty({ enum: TOPIC_KINDS }) kind!: string;
  @ApiProperty({ type: EditableTextDto }) title!: EditableTextDto;
  @ApiProperty({ type: EditableTextDto }) answer!: EditableTextDto;
  @ApiProperty({ type: EditablePhrasesDto }) examples!: EditablePhrasesDto;
  @ApiPropertyOptional({ type: [String], description: 'Topic ids offered as buttons after the answer' })
  followUps?: string[];
  @ApiPropertyOptional({ type: [FactSourceDto], description: 'Sources of the facts in the answer' })
  sources?: FactSourceDto[];
}

export class DepartmentRequestDto {
  @ApiProperty({ type: EditableTextDto }) name!: EditableTextDto;
  @ApiPropertyOptional({ type: [String], example: ['vodovod'] }) aliases?: string[];
  @ApiPropertyOptional({ type: [String], example: ['+382 33 451 451'] }) phones?: string[];
  @ApiPropertyOptional({ type: [String] }) emails?: string[];
  @ApiPropertyOptional({ type: EditableTextDto }) address?: EditableTextDto;
  @ApiPropertyOptional({ type: EditableTextDto }) officeHours?: EditableTextDto;
  @ApiPropertyOptional() website?: string;
  @ApiPropertyOptional({ type: EditableTextDto }) note?: EditableTextDto;
  @ApiPropertyOptional({ type: [FactSourceDto] }) sources?: FactSourceDto[];
}

export class HealthMeasuresRequestDto {
  @ApiProperty({ example: '2026-11-25' }) updatedAt!: string;
  @ApiProperty({ type: EditableTextDto }) text!: EditableTextDto;
  @ApiPropertyOptional() sourceUrl?: string;
  @ApiPropertyOptional({ type: [FactSourceDto] }) sources?: FactSourceDto[];
}

export class MenuNodeRequestDto {
  @ApiProperty({ example: 'main' }) id!: string;
  @ApiProperty({ type: EditableTextDto }) label!: EditableTextDto;
  @ApiPropertyOptional({ description: 'A leaf opens a topic…' }) topic?: string;
  @ApiPropertyOptional({ type: () => [MenuNodeRequestDto], description: '…an inner node opens a sub-menu' })
  children?: MenuNodeRequestDto[];
}

export class TextsRequestDto {
  @ApiPropertyOptional({ type: EditableTextDto, description: `Any of: ${UI_TEXT_KEYS.join(', ')}` })
  greeting?: EditableTextDto;
}

export class NewsRequestDto {
  @ApiProperty({ example: 'https://www.budva.me' }) newsUrl!: string;
}

export class PublishRequestDto {
  @ApiPropertyOptional({ example: 'new property tax deadlines' }) note?: string;
}

export class RollbackRequestDto {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiPropertyOptional() note?: string;
}

export class ContentChangeDto {
  @ApiProperty({ enum: CONTENT_AREAS }) area!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change!: string;
  @ApiPropertyOptional({ type: [String] }) fields?: string[];
}

export class DraftEditResultDto {
  @ApiProperty({ enum: CONTENT_AREAS }) area!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change!: string;
  @ApiProperty() baseVersion!: number;
  @ApiProperty() updatedBy!: string;
  @ApiProperty() updatedAt!: string;
}

export class PublishResultDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: [ContentChangeDto] }) changes!: ContentChangeDto[];
}

export class TryRequestDto {
  @ApiProperty({
    example: 'porez na kucu',
    description: 'What a citizen writes, or a button value (topic:…, menu:…, nav:back)',
  })
  text!: string;
  @ApiPropertyOptional({
    enum: ['cnr-Latn', 'cnr-Cyrl', 'en'],
    description: 'The conversation language so far',
  })
  language?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'menuAt of the previous reply' })
  menuAt?: string | null;
}

export class TriedButtonDto {
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['reply', 'open-url', 'location-picker', 'share-phone'] }) action!: string;
  @ApiProperty({ description: 'What a tap sends back (reply), or the URL (open-url)' }) value!: string;
}

export class TriedKeyboardDto {
  @ApiProperty({ type: [TriedButtonDto] }) buttons!: TriedButtonDto[];
}

export class TriedMessageDto {
  @ApiProperty({ enum: ['text', 'picture', 'location', 'url'] }) kind!: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional({ type: TriedKeyboardDto, description: 'The buttons, as the citizen would see them' })
  keyboard?: TriedKeyboardDto;
}

export class TryResultDto {
  @ApiProperty({ type: String, nullable: true }) topic!: string | null;
  @ApiProperty({ enum: ['menu', 'answered', 'not-understood', 'handoff', 'flow'] }) outcome!: string;
  @ApiProperty({ type: Number, nullable: true }) confidence!: number | null;
  @ApiProperty({ type: [String] }) candidates!: string[];
  @ApiProperty() language!: string;
  @ApiProperty({ type: String, nullable: true }) menuAt!: string | null;
  @ApiProperty({ type: [TriedMessageDto] }) messages!: TriedMessageDto[];
  @ApiProperty({
    description: 'false: nobody has changed anything, the answer is from the published version',
  })
  fromDraft!: boolean;
  @ApiProperty() baseVersion!: number;
}

export class FileQuestionRequestDto {
  @ApiProperty({ example: 'gdje se vadi uvjerenje o prebivalistu' }) question!: string;
  @ApiPropertyOptional({ enum: ['cnr-Latn', 'cnr-Cyrl', 'en'], default: 'cnr-Latn' }) language?: string;
}

export class FiledQuestionDto {
  @ApiProperty() topic!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ description: 'false when it already was an example (it leaves the inbox all the same)' })
  added!: boolean;
}

export class DismissQuestionRequestDto {
  @ApiProperty({ example: 'asdf' }) question!: string;
}

export class DismissedQuestionDto {
  @ApiProperty() question!: string;
  @ApiProperty() at!: string;
}
