import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { ApiClient, removeDataDir, startServer, type TestServer } from './server';

/** A processes folder with forms (intake, controle, afronden) and no diagrams. */
export const FORM_CATALOGUE = fileURLToPath(new URL('../fixtures/form-catalogue', import.meta.url));

/** The server of a describe block, and the users logged in to it. */
export interface CatalogueServer {
  readonly server: TestServer;
  /** A proceseigenaar: deploys and migrates. */
  readonly eigenaar: ApiClient;
  /** A procesregisseur: starts cases and works on their tasks. */
  readonly regisseur: ApiClient;
  /** Stops the server and starts it again on the same data, both users logged in anew. */
  restart(): Promise<void>;
}

/**
 * Starts a server on the form catalogue before the tests of the calling describe block, with a
 * process owner and a procesregisseur logged in, and removes it and its data after them. The deploy
 * and migration tests all start from this empty server, so they share its setup.
 */
export function useFormCatalogueServer(): CatalogueServer {
  let started: { server: TestServer; eigenaar: ApiClient; regisseur: ApiClient } | undefined;
  const get = () => {
    if (!started) throw new Error('the server starts in beforeAll; use it inside a test');
    return started;
  };
  const start = async (dataDir?: string) => {
    const server = await startServer({ processesDir: FORM_CATALOGUE, ...(dataDir ? { dataDir } : {}) });
    started = {
      server,
      eigenaar: await ApiClient.login(server.baseUrl, 'eigenaar'),
      regisseur: await ApiClient.login(server.baseUrl, 'regisseur'),
    };
  };
  beforeAll(() => start());
  afterAll(async () => {
    if (!started) return;
    await started.server.stop();
    await removeDataDir(started.server.dataDir);
  });
  return {
    get server() {
      return get().server;
    },
    get eigenaar() {
      return get().eigenaar;
    },
    get regisseur() {
      return get().regisseur;
    },
    async restart() {
      const { server } = get();
      await server.stop();
      await start(server.dataDir);
    },
  };
}
