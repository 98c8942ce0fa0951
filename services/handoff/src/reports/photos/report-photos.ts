import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { FetchedPhoto, fetchPhoto, FetchPhotoOptions, MAX_PHOTO_BYTES } from './fetch-photo';
import { ImageType } from './image-sniff';

export interface ReportPhotosOptions {
  fetchTimeoutMs: number;
  allowPrivateHosts: boolean;
}

export interface StoredPhoto {
  id: string;
  contentType: ImageType;
  bytes: number;
}

/**
 * The photos citizens attach to reports, fetched from the channel when the report is filed (Viber's
 * media links expire) and kept in PostgreSQL (`report_photos`, see the PrivateReports migration for
 * why) until the retention period ends (`reportPhotosRule`).
 */
export class ReportPhotos {
  constructor(
    private readonly dataSource: DataSource,
    private readonly opts: ReportPhotosOptions,
    private readonly now: () => Date,
  ) {}

  fetch(url: string): Promise<FetchedPhoto> {
    const options: FetchPhotoOptions = {
      maxBytes: MAX_PHOTO_BYTES,
      timeoutMs: this.opts.fetchTimeoutMs,
      allowPrivateHosts: this.opts.allowPrivateHosts,
    };
    return fetchPhoto(url, options);
  }

  /** Keeps a fetched photo, in the filing's transaction (the report then names it by id). */
  async store(
    manager: EntityManager,
    photo: { bytes: Buffer; contentType: ImageType },
  ): Promise<StoredPhoto> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO report_photos (id, content_type, bytes, data, stored_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, photo.contentType, photo.bytes.length, photo.bytes, this.now().toISOString()],
    );
    return { id, contentType: photo.contentType, bytes: photo.bytes.length };
  }

  /** The photo of the report `reference`, or null (none, or deleted after retention). */
  async read(reference: string): Promise<{ contentType: string; data: Buffer } | null> {
    const rows: Array<{ contentType: string; data: Buffer }> = await this.dataSource.query(
      `SELECT p.content_type AS "contentType", p.data FROM reports r JOIN report_photos p ON p.id = r.photo_id
       WHERE r.reference = $1`,
      [reference],
    );
    return rows[0] ?? null;
  }
}
