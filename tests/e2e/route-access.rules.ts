import { StaffRole } from '@citizen-desk/auth';

/**
 * Who may call each HTTP route of the platform, as data. route-matrix.e2e.spec.ts reads every route
 * from the running services' Nest metadata and fails when one is missing here, so a new route cannot
 * ship without a decision about who may call it.
 *
 * - `public`: anyone (still subject to the route's own checks, e.g. a Viber signature);
 * - `viber-signature`: only callbacks signed with the bot's token (401 otherwise, tokens or not);
 * - `open311-key`: the Open311 API key or any valid staff token (403 otherwise, as Open311 answers);
 * - `open311-view`: anyone sees the published reports; a key or staff token widens the view, and one
 *   that is neither valid key nor valid token (a revoked one included) is refused with 403;
 * - `staff`: a valid, unrevoked staff token with one of `roles` ('any' = any staff member; admin always
 *   passes). `department` says how the route limits staff to their departments: 'resource' (the thing
 *   addressed belongs to a department), 'body' (the request names the department), 'filtered' (a list
 *   shows only the caller's departments), or 'none'.
 */
export type RouteAccess =
  | { access: 'public' }
  | { access: 'viber-signature' }
  | { access: 'open311-key' }
  | { access: 'open311-view' }
  | { access: 'staff'; roles: StaffRole[] | 'any'; department: 'resource' | 'body' | 'filtered' | 'none' };

const pub = { access: 'public' } as const;
const staff = (
  roles: StaffRole[] | 'any',
  department: 'resource' | 'body' | 'filtered' | 'none' = 'none',
): RouteAccess => ({ access: 'staff', roles, department });

const HEALTH = {
  'GET /health/live': pub,
  'GET /health/ready': pub,
  'GET /metrics': pub,
};

/** The dead letters and parked messages of a service's consumers (service-kit, every service): admins only. */
const DEAD_LETTERS_ADMIN = {
  'GET /admin/dead-letters': staff(['admin']),
  'GET /admin/dead-letters/:consumer': staff(['admin']),
  'POST /admin/dead-letters/:consumer/replay': staff(['admin']),
  'DELETE /admin/dead-letters/:consumer': staff(['admin']),
};

/** `<METHOD> <path>` per service, paths as Nest declares them (`:param`). */
export const ROUTE_ACCESS: Record<string, Record<string, RouteAccess>> = {
  gateway: {
    ...HEALTH,
    ...DEAD_LETTERS_ADMIN,
    'POST /viber/webhook': { access: 'viber-signature' },
  },
  dialog: {
    ...HEALTH,
    ...DEAD_LETTERS_ADMIN,
    // Tries a phrase against published content: reveals nothing about citizens.
    'POST /dialog/understand': pub,
    'GET /dialog/content': staff(['editor']),
    'GET /dialog/content/versions': staff(['editor']),
    'GET /dialog/content/versions/:version': staff(['editor']),
    'GET /dialog/content/draft': staff(['editor']),
    'GET /dialog/content/draft/diff': staff(['editor']),
    'PUT /dialog/content/draft/topics/:id': staff(['editor'], 'resource'),
    'DELETE /dialog/content/draft/topics/:id': staff(['editor'], 'resource'),
    'PUT /dialog/content/draft/departments/:id': staff(['editor'], 'resource'),
    'PUT /dialog/content/draft/health-measures': staff(['editor'], 'resource'),
    'PUT /dialog/content/draft/menu': staff(['admin']),
    'PUT /dialog/content/draft/texts': staff(['admin']),
    'PUT /dialog/content/draft/news': staff(['admin']),
    'POST /dialog/content/draft/discard': staff(['editor']),
    'POST /dialog/content/publish': staff(['editor']),
    'POST /dialog/content/rollback': staff(['editor']),
    'GET /dialog/content/history': staff(['editor']),
    // Answers from the draft; nothing recorded or sent.
    'POST /dialog/content/draft/try': staff(['editor']),
    // A not-understood question filed under a topic of the editor's departments, or dismissed.
    'POST /dialog/content/draft/topics/:id/examples': staff(['editor'], 'resource'),
    'POST /dialog/content/not-understood/dismissals': staff(['editor']),
  },
  handoff: {
    ...HEALTH,
    ...DEAD_LETTERS_ADMIN,
    'POST /auth/login': pub,
    'GET /auth/jwks': pub,
    'POST /auth/logout': staff('any'),
    'GET /auth/me': staff('any'),
    'POST /staff': staff(['admin']),
    'GET /staff': staff(['admin']),
    'GET /staff/:id': staff(['admin']),
    // Names only, of one's own departments' colleagues and of admins (campaigns record ids).
    'GET /staff/names': staff('any', 'filtered'),
    'PATCH /staff/:id': staff(['admin']),
    // Anyone for their own account (with the current password); admins for anyone.
    'POST /staff/:id/password': staff('any', 'resource'),
    // The old operator console's address: a redirect to the staff app's inbox (STAFF_WEB_PUBLIC_URL).
    'GET /console': pub,
    'GET /handoff/sessions': staff(['operator', 'supervisor'], 'filtered'),
    'GET /handoff/sessions/:id': staff(['operator', 'supervisor'], 'resource'),
    'POST /handoff/sessions/:id/claim': staff(['operator', 'supervisor'], 'resource'),
    'POST /handoff/sessions/:id/messages': staff(['operator', 'supervisor'], 'resource'),
    'POST /handoff/sessions/:id/notes': staff(['operator', 'supervisor'], 'resource'),
    'POST /handoff/sessions/:id/transfer': staff(['operator', 'supervisor'], 'resource'),
    'POST /handoff/sessions/:id/close': staff(['operator', 'supervisor'], 'resource'),
    'GET /handoff/saved-replies': staff(['operator', 'supervisor']),
    'POST /handoff/operators/me/availability': staff(['operator', 'supervisor']),
    'GET /handoff/operators': staff(['supervisor'], 'filtered'),
    'GET /handoff/stream': staff(['operator', 'supervisor'], 'filtered'),
    'GET /reports': staff(['operator', 'supervisor'], 'filtered'),
    'GET /reports/categories': staff(['operator', 'supervisor']),
    'PUT /reports/categories/:code': staff(['admin']),
    'GET /reports/:reference': staff(['operator', 'supervisor'], 'resource'),
    'GET /reports/:reference/history': staff(['operator', 'supervisor'], 'resource'),
    'POST /reports/:reference/status': staff(['operator', 'supervisor'], 'resource'),
    'POST /reports/:reference/duplicate': staff(['operator', 'supervisor'], 'resource'),
    'POST /reports/:reference/reassign': staff(['supervisor'], 'resource'),
    'GET /open311/v2/services.json': pub,
    'GET /open311/v2/requests.json': { access: 'open311-view' },
    // One report: 404 unless published (or in the key's or token's departments).
    'GET /open311/v2/requests/:file': pub,
    // A published report's photo; 404 for anything else.
    'GET /open311/v2/media/:reference': { access: 'open311-view' },
    'GET /reports/:reference/photo': staff(['operator', 'supervisor'], 'resource'),
    'POST /reports/:reference/publication': staff(['supervisor'], 'resource'),
    // Sets (with a bearer token) and clears the HttpOnly cookie of the live stream.
    'POST /handoff/stream/session': staff(['operator', 'supervisor']),
    'POST /handoff/stream/session/end': staff(['operator', 'supervisor']),
    'POST /open311/v2/requests.json': { access: 'open311-key' },
  },
  broadcast: {
    ...HEALTH,
    ...DEAD_LETTERS_ADMIN,
    'POST /broadcast/campaigns': staff(['editor', 'supervisor', 'official'], 'body'),
    'GET /broadcast/campaigns/:id': staff('any', 'resource'),
    // The list and the approvals inbox (?awaitingMyApproval=true): the caller's departments only.
    'GET /broadcast/campaigns': staff('any', 'filtered'),
    // Who did what, and what changed since the last submission or approval (the approver's diff).
    'GET /broadcast/campaigns/:id/history': staff('any', 'resource'),
    'PATCH /broadcast/campaigns/:id': staff(['editor', 'supervisor', 'official'], 'resource'),
    'GET /broadcast/audience': staff('any'),
    'POST /broadcast/campaigns/:id/audience': staff(['editor', 'supervisor', 'official'], 'resource'),
    'POST /broadcast/campaigns/:id/test': staff(['editor', 'supervisor', 'official'], 'resource'),
    'POST /broadcast/campaigns/:id/submit': staff(['editor', 'supervisor', 'official'], 'resource'),
    'POST /broadcast/campaigns/:id/approve': staff(['supervisor'], 'resource'),
    'POST /broadcast/campaigns/:id/pause': staff(['supervisor', 'official'], 'resource'),
    'POST /broadcast/campaigns/:id/resume': staff(['supervisor', 'official'], 'resource'),
    'POST /broadcast/campaigns/:id/cancel': staff(['supervisor', 'official'], 'resource'),
    // One's own Viber account for test sends: a code to send to the bot, and whether one is linked.
    'POST /broadcast/me/viber-link': staff(['editor', 'supervisor', 'official']),
    'GET /broadcast/me/viber-link': staff(['editor', 'supervisor', 'official']),
  },
  analytics: {
    ...HEALTH,
    ...DEAD_LETTERS_ADMIN,
    // The old dashboard page's address: a redirect to the staff app's dashboard (STAFF_WEB_PUBLIC_URL).
    'GET /dashboard': pub,
    ...Object.fromEntries(
      [
        'messages',
        'topics',
        'answered-share',
        'not-understood',
        'handoff',
        'reports',
        'reports/status',
        'campaigns',
        'subscribers',
        'new-citizens',
        'launch-report',
        'topics/:topic/questions',
      ].map((path) => [`GET /analytics/${path}`, staff(['official'])]),
    ),
    // The editors' worklist of questions to file or dismiss (normalised texts, no citizen).
    'GET /analytics/not-understood/inbox': staff(['official', 'editor']),
  },
};
