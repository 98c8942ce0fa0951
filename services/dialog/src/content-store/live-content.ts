import { KV, KvEntry, QueuedIterator } from 'nats';
import { Logger } from '@citizen-desk/observability';
import { buildUnderstandingModel, UnderstandingModel } from '../understanding';
import { Content, loadSeedContent } from '../content';
import { ContentVersionsRepository } from './content-versions.repository';

export const PUBLISHED_VERSION_KEY = 'published-version';

export interface LiveContentSnapshot {
  content: Content;
  model: UnderstandingModel;
}

/**
 * The content every dialog replica answers with. Published versions live in PostgreSQL; a publish
 * announces its version number in a JetStream KV bucket, which every replica watches, so a publish
 * takes effect everywhere at once without a restart. A periodic check covers a missed announcement.
 */
export class LiveContent {
  private snapshot!: LiveContentSnapshot;
  private watcher?: QueuedIterator<KvEntry>;
  private timer?: NodeJS.Timeout;
  private readonly listeners: Array<(s: LiveContentSnapshot) => void> = [];

  constructor(
    private readonly versions: ContentVersionsRepository,
    private readonly kv: KV,
    private readonly logger: Logger,
  ) {}

  /** Loads the latest published version, seeding the built-in content on the very first start. */
  async start(refreshMs = 30000): Promise<void> {
    let content = await this.versions.latest();
    if (!content) {
      const seed = loadSeedContent();
      await this.versions.insert(seed, 'seed', 'built-in content for Budva');
      content = (await this.versions.latest())!;
      this.logger.info({ version: content.version }, 'seeded the built-in content');
    }
    this.use(content);
    this.watcher = await this.kv.watch({ key: PUBLISHED_VERSION_KEY });
    void this.follow();
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  current(): LiveContentSnapshot {
    return this.snapshot;
  }

  onChange(listener: (s: LiveContentSnapshot) => void): void {
    this.listeners.push(listener);
  }

  /** Tells every replica (this one included) that a new version is published. */
  async announce(version: number): Promise<void> {
    await this.kv.put(PUBLISHED_VERSION_KEY, String(version));
  }

  async refresh(): Promise<void> {
    try {
      const latest = await this.versions.latest();
      if (latest && latest.version !== this.snapshot.content.version) this.use(latest);
    } catch (e) {
      this.logger.warn({ err: e }, 'could not refresh the content');
    }
  }

  private async follow(): Promise<void> {
    for await (const entry of this.watcher!) {
      if (entry.operation !== 'PUT') continue;
      const version = Number(entry.string());
      if (version !== this.snapshot.content.version) await this.refresh();
    }
  }

  private use(content: Content): void {
    this.snapshot = { content, model: buildUnderstandingModel(content) };
    this.logger.info({ version: content.version }, 'content in use');
    this.listeners.forEach((l) => l(this.snapshot));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.watcher?.stop();
  }
}
