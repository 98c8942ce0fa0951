import { z } from 'zod';
import { ConfigError } from './config-error';
import { parseTrustedProxies } from './trusted-proxies';

export { ConfigError };

/** Reads and checks the environment against a service's schema; ConfigError names every bad variable. */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

/**
 * Where staff open the staff web app (apps/staff-web), scheme and host (and a path prefix if it has one);
 * the services' old pages (/console, /dashboard) send there. Stored without a trailing slash.
 */
const staffWebPublicUrl = z
  .string()
  .url()
  .regex(/^https?:\/\//, 'an http(s) address, e.g. https://staff.budva.me')
  .default('http://127.0.0.1:3005')
  .transform((u) => u.replace(/\/+$/, ''));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Settings every service shares: where the database and the broker are, logging, tracing. */
export const commonEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/citizen_desk'),
  /** Creates the database named in DATABASE_URL when it is missing (local use; off in production). */
  DATABASE_CREATE: bool(true),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /**
   * Prefix of every subject, stream, consumer and bucket name. Lets several isolated installations
   * (or test runs) share one NATS server.
   */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/, 'lower-case letters and digits, starting with a letter')
    .default('cd'),
  /** How long JetStream remembers a message id to drop a duplicate publish. */
  NATS_DUPLICATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  NATS_STREAM_MAX_AGE_DAYS: z.coerce.number().int().min(1).default(14),
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** The broker's credentials (secret); required in production, where NATS must ask for them. */
  NATS_USER: z.string().min(1).optional(),
  // The NATS server reads each password unquoted from its config ($NATS_PASSWORD_<SERVICE>): one that
  // starts with digits can parse as a number there (7230880e28…) and the server refuses to start.
  NATS_PASSWORD: z
    .string()
    .regex(/^[A-Za-z]/, 'NATS_PASSWORD must start with a letter (e.g. n$(openssl rand -hex 32))')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAMESPACE: z.string().default('citizen-desk'),
  /**
   * Share of the traces starting in this service that are recorded (0 to 1), as OpenTelemetry's
   * `parentbased_traceidratio` sampler: a trace arriving in a message keeps the decision made where it
   * started. 1 records every trace (local use); production sets a fraction, e.g. 0.1.
   */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /**
   * Days a consumer remembers a processed message id (every service): longer than the stream keeps
   * the message (NATS_STREAM_MAX_AGE_DAYS), checked at start (assertRetention).
   */
  PROCESSED_MESSAGES_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** How often each service's retention job runs (jittered by ±10 %, one replica at a time). */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** How long a graceful shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
  /**
   * A consumer retries a message that failed for a transient reason (database or broker away,
   * time-out, lost race) without limit, after CONSUMER_RETRY_BASE_MS doubling per delivery up to
   * CONSUMER_RETRY_MAX_MS; any other failure counts, and the CONSUMER_MAX_FAILURES-th sends the
   * message to the consumer's dead-letter stream.
   */
  CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(100),
  CONSUMER_RETRY_MAX_MS: z.coerce.number().int().min(1).default(30_000),
  CONSUMER_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Proxies in front of the service whose X-Forwarded-For a request's address is read from (the
   * sign-in limits count per address): comma-separated addresses, CIDR ranges, `loopback`,
   * `linklocal`, `uniquelocal`, or `none`. Anyone else's X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('loopback')
    .transform((raw, ctx) => {
      const parsed = parseTrustedProxies(raw);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }),
  /** How long a staff token stays valid (a working shift by default); revocations are kept this long at most. */
  STAFF_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(8 * 3600),
});
export type CommonConfig = z.infer<typeof commonEnvSchema>;

export const gatewayEnvSchema = commonEnvSchema
  .extend({
    GATEWAY_PORT: port(3000),
    /** Without a token the platform talks to the local Viber simulator, signed with this dev token. */
    VIBER_AUTH_TOKEN: z.string().min(1).optional(),
    VIBER_API_URL: z.string().url().default('https://chatapi.viber.com/pa'),
    /** Public HTTPS address of POST /viber/webhook; when set, the gateway registers it on start. */
    VIBER_WEBHOOK_URL: z.string().url().optional(),
    VIBER_SENDER_NAME: z.string().max(28).default('Opština Budva'),
    VIBER_SENDER_AVATAR: z.string().url().optional(),
    VIBER_MIN_API_VERSION: z.coerce.number().int().min(1).default(7),
    /** Largest webhook body accepted; Viber's own callbacks are a few kilobytes. */
    WEBHOOK_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /** Older callbacks are refused as replays; Viber retries for about an hour with the original timestamp. */
    VIBER_CALLBACK_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(7200),
    /** send_message calls per second to the Viber API, shared by every gateway replica. */
    VIBER_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(300),
    /** broadcast_message calls per second; Viber allows 500 per 10 seconds. */
    VIBER_BROADCAST_RATE_PER_SECOND: z.coerce.number().positive().default(50),
    /** Viber's ceiling: broadcast_message calls in any 10 seconds; burst and refill never exceed it. */
    VIBER_BROADCAST_PER_10_SECONDS: z.coerce.number().int().min(2).default(500),
    VIBER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
    /**
     * Transient failures (5xx, network errors, status 12) are retried without limit: the first back-off,
     * doubled per attempt (full jitter) up to VIBER_RETRY_MAX_MS.
     */
    VIBER_RETRY_BASE_MS: z.coerce.number().int().min(1).default(500),
    VIBER_RETRY_MAX_MS: z.coerce.number().int().min(1).max(3_600_000).default(60_000),
    /**
     * Viber calls one gateway replica has begun and not yet recorded (two batches of half as many). A
     * kill can leave at most this many sends uncertain, so at most this many duplicates per replica.
     */
    SENDER_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(2000).default(64),
    /** Days the gateway keeps the record of a sent (or failed) message after its last attempt. */
    SENT_MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  })
  .refine((c) => c.VIBER_RETRY_MAX_MS >= c.VIBER_RETRY_BASE_MS, {
    message: 'VIBER_RETRY_MAX_MS must not be below VIBER_RETRY_BASE_MS',
    path: ['VIBER_RETRY_MAX_MS'],
  });
export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export const dialogEnvSchema = commonEnvSchema.extend({
  DIALOG_PORT: port(3001),
  DIALOG_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** Days a conversation with the bot is kept after the citizen's last message (then it starts afresh). */
  CONVERSATION_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
});
export type DialogConfig = z.infer<typeof dialogEnvSchema>;

export const handoffEnvSchema = commonEnvSchema.extend({
  HANDOFF_PORT: port(3002),
  STAFF_WEB_PUBLIC_URL: staffWebPublicUrl,
  /**
   * The Ed25519 private key that signs staff tokens (secret; only handoff has it): PKCS#8 PEM, with
   * `\n` for newlines if need be, or a JWK. Required in production; in development and tests a key
   * is generated at start. Every service verifies with the public half, which handoff publishes.
   */
  STAFF_TOKEN_PRIVATE_KEY: z.string().min(1).optional(),
  /**
   * POST /auth/login attempts per client address in a sliding minute, counted in PostgreSQL for every
   * handoff replica together; then 429. The address is the request's as TRUSTED_PROXIES lets it be read.
   */
  STAFF_LOGIN_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** POST /auth/login attempts from all clients together in a sliding minute (all replicas): bounds spraying. */
  STAFF_LOGIN_GLOBAL_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** The first admin, created at start when no account has this email. */
  STAFF_ADMIN_EMAIL: z.string().trim().toLowerCase().email().default('admin@budva.local'),
  /** Required in production; in development a random one is generated and logged once. */
  STAFF_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Citizen reports' references are `<prefix>-XXXX-XXXX` (random Crockford base32), e.g. BD-7K3M-Q9XD. */
  REPORT_REFERENCE_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,5}$/, '2 to 5 capital letters')
    .default('BD'),
  /** The municipality's time zone: a report's reference year is the local year it was filed in. */
  REPORT_TIME_ZONE: z.string().default('Europe/Podgorica'),
  /** Key that lets a third-party Open311 client POST reports (a staff token works too); unset: staff tokens only. */
  OPEN311_API_KEY: z.string().min(16).optional(),
  /**
   * Open311 keys per department, JSON `{"communal-police": ["<key>", …], …}` (keys of 16 characters or
   * more, unique): a key shows its department's reports in full on Open311 GET (and may file reports);
   * without one only published reports are shown, and those without notes or the exact place.
   */
  OPEN311_DEPARTMENT_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON: {"<department>": ["<key>", ...]}' });
        return z.NEVER;
      }
      const shape = z.record(
        z.string().regex(/^[a-z][a-z0-9-]*$/, 'department ids are lower-case words with dashes'),
        z.array(z.string().min(16, 'keys have 16 characters at least')).min(1),
      );
      const result = shape.safeParse(parsed);
      if (!result.success) {
        for (const i of result.error.issues) ctx.addIssue({ ...i, path: i.path });
        return z.NEVER;
      }
      const keys = Object.values(result.data).flat();
      if (new Set(keys).size !== keys.length) {
        ctx.addIssue({ code: 'custom', message: 'a key may belong to one department only' });
        return z.NEVER;
      }
      return result.data;
    }),
  /**
   * The handoff service's public address (e.g. https://desk.budva.me), for the photo links Open311
   * gives; unset: the address the client used (its Host header, checked to be a host name).
   */
  HANDOFF_PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^/]+$/, 'scheme and host only, e.g. https://desk.budva.me')
    .optional(),
  /** Days a report's photo is kept; the retention job deletes older ones (the report stays). */
  REPORT_PHOTO_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /** The longest download of a citizen's photo from the channel. */
  REPORT_PHOTO_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Let photo downloads reach loopback and private networks (tests, the local simulator only). */
  REPORT_PHOTO_ALLOW_PRIVATE_HOSTS: bool(false),
  /**
   * Office hours per department as JSON (schema and example: services/handoff/src/office-hours/
   * load-office-hours.ts), checked at start-up. No default: Budva's hours are not published, so when
   * unset (and no file) the hours are unknown and citizens are queued without being told the office is
   * closed. Montenegro's public holidays are computed; `holidays` adds the municipality's own closures.
   */
  HANDOFF_OFFICE_HOURS: z.string().optional(),
  /** The same, from a file (used when HANDOFF_OFFICE_HOURS is unset). */
  HANDOFF_OFFICE_HOURS_FILE: z.string().optional(),
  /** Auto-assignment gives an operator at most this many open sessions at once. */
  HANDOFF_MAX_SESSIONS_PER_OPERATOR: z.coerce.number().int().min(1).max(100).default(5),
  /** A session queued in office hours that nobody took for this long ends politely. */
  HANDOFF_MAX_WAIT_MINUTES: z.coerce.number().positive().default(30),
  /** A message left outside office hours waits this long for an operator. */
  HANDOFF_LEFT_MESSAGE_MAX_HOURS: z.coerce.number().positive().default(72),
  /** An assigned session with no message either way for this long ends politely. */
  HANDOFF_IDLE_MINUTES: z.coerce.number().positive().default(30),
  /** How often the time-out sweeper and auto-assignment run. */
  HANDOFF_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15000),
  /** What the citizen said to the bot before a handoff, kept for the operator: entries per citizen … */
  HANDOFF_HISTORY_LIMIT: z.coerce.number().int().min(0).max(1000).default(30),
  /** … and for at most this many days. */
  HANDOFF_HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** Days a closed operator session (its transcript and notes) is kept after it ended. */
  HANDOFF_SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /** Days a resolved or rejected citizen report is kept after its last change. */
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).default(1825),
  /**
   * Days after a staff account was deactivated that its holder's name and e-mail (and password hash)
   * are erased; the account's id and roles stay, so campaigns and audit records still name an account.
   */
  STAFF_ACCOUNT_RETENTION_DAYS: z.coerce.number().int().min(1).default(180),
  /** A rating tap counts for a session that ended at most this long ago. */
  HANDOFF_RATING_WINDOW_HOURS: z.coerce.number().positive().default(24),
});
export type HandoffConfig = z.infer<typeof handoffEnvSchema>;

export const broadcastEnvSchema = commonEnvSchema.extend({
  BROADCAST_PORT: port(3003),
  /** Receivers per broadcast_message call; Viber takes 300 at most. */
  BROADCAST_BATCH_SIZE: z.coerce.number().int().min(1).max(300).default(300),
  /** Batches handed to the gateway and not yet reported on, per campaign: how far a pause can lag. */
  BROADCAST_MAX_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(10000).default(64),
  /** Batches planned per database transaction by the fan-out. */
  BROADCAST_BATCHES_PER_TRANSACTION: z.coerce.number().int().min(1).max(100).default(10),
  /** How often due campaigns are looked for. */
  BROADCAST_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Messages per batch of each consumer (subscribers, batch reports, receipts). */
  BROADCAST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** A batch the gateway has not reported on after this long is issued again (then after 2×, 4× …). */
  BROADCAST_BATCH_REISSUE_AFTER_SECONDS: z.coerce.number().positive().default(600),
  /** Times an unreported batch is issued again before its recipients are counted as failed. */
  BROADCAST_BATCH_MAX_REISSUES: z.coerce.number().int().min(0).max(100).default(3),
  /** Times a recipient Viber refused with status 12 (rate limit) is sent to again. */
  BROADCAST_RATE_LIMITED_RETRIES: z.coerce.number().int().min(0).max(100).default(5),
  /** Wait before the first such retry; doubled for each next one. */
  BROADCAST_RETRY_BASE_MS: z.coerce.number().int().min(0).default(5000),
  /** Days the per-recipient records of a finished campaign are kept (its totals stay). */
  CAMPAIGN_RECIPIENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /**
   * Days the row of a citizen who unsubscribed (or never subscribed) is kept after its last change.
   * More than NATS_STREAM_MAX_AGE_DAYS (assertRetention): the row is what lets the newer unsubscribe
   * win over an older "subscribed" delivered late.
   */
  UNSUBSCRIBED_SUBSCRIBER_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /**
   * A batch whose send was cut short (uncertain: the gateway died between Viber's answer and its
   * record) waits this long for Viber's delivered/seen receipts; recipients without one are then sent
   * to once more. Below the hour that unmatched receipts are kept.
   */
  BROADCAST_UNCERTAIN_WAIT_SECONDS: z.coerce.number().positive().max(3000).default(300),
  /** The municipality's time zone: a send time given as a wall-clock time (`sendAtLocal`) is read in it. */
  BROADCAST_TIME_ZONE: z.string().default('Europe/Podgorica'),
});
export type BroadcastConfig = z.infer<typeof broadcastEnvSchema>;

export const analyticsEnvSchema = commonEnvSchema.extend({
  ANALYTICS_PORT: port(3004),
  /** The municipality's time zone: hours and days are counted in it. */
  ANALYTICS_TIME_ZONE: z.string().default('Europe/Podgorica'),
  STAFF_WEB_PUBLIC_URL: staffWebPublicUrl,
  /** Events projected at once by a rebuild (analytics:rebuild). */
  ANALYTICS_REBUILD_CHUNK: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /**
   * Days analytics keeps what citizens wrote (the not-understood inbox and its per-question counts, and
   * the texts in its copy of the events); the counts of questions by topic and outcome stay.
   */
  QUESTION_TEXT_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /**
   * Days analytics keeps its row of a citizen who is not subscribed after the last sign of them; one
   * who comes back later counts as new again. More than NATS_STREAM_MAX_AGE_DAYS (assertRetention).
   */
  ANALYTICS_CITIZEN_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
});
export type AnalyticsConfig = z.infer<typeof analyticsEnvSchema>;

/**
 * The token the gateway and the local simulator share when no real Viber token is configured: outside
 * production only (`assertProductionSecrets` requires VIBER_AUTH_TOKEN there).
 */
export const LOCAL_SIMULATOR_TOKEN = 'local-simulator-token-not-a-secret';
