import type { FiguresService } from '../figures/figures-service';
import type { Handler } from './api-routes';

type FigureRoutes = typeof import('../contract/routes/figures').FIGURE_ROUTES;

/** The handlers of the steering figures' routes (server/contract/routes/figures.ts). */
export function figureHandlers(figures: FiguresService): {
  [N in keyof FigureRoutes]: Handler<FigureRoutes[N]>;
} {
  return {
    getFigures: ({ user, query }, _request, response) => {
      response.json(figures.figures(user, query));
    },
    getFigureTargets: (_input, _request, response) => {
      response.json(figures.targets());
    },
    setFigureTargets: async ({ user, body }, _request, response) => {
      response.json(await figures.setTargets(user, body));
    },
  };
}
