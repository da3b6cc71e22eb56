import { ClockAdvanceRequest, ClockResponse } from '../api';
import { json, type RouteSpec } from './route-spec';

/** Only with TEST_CLOCK=1: moving the server’s clock in tests. */
export const TEST_CLOCK_ROUTES = {
  advanceTestClock: {
    method: 'post',
    path: '/test/clock',
    tag: 'Testing',
    summary: 'Advance the test clock',
    description:
      'Only when the server runs with `TEST_CLOCK=1` (refused in production mode). Moves the server’s clock forward and fires every timer that falls due, in order, before it answers.',
    access: 'user',
    body: { schema: ClockAdvanceRequest, media: 'application/json' },
    answers: { 200: json(ClockResponse, 'The clock moved; `now` is the new server time.') },
    problems: [400, 401, 403, [404, 'The test clock is not enabled (`TEST_CLOCK` is not `1`).']],
    testClockOnly: true,
  },
} satisfies Record<string, RouteSpec>;
