import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { PageQuery } from '../../http/pagination.ts';
import {
  HandbookDiff,
  HandbookDiffQuery,
  HandbookPage,
  HandbookPageChange,
  HandbookPageList,
  HandbookPageParams,
  HandbookPageVersion,
  HandbookRestore,
  HandbookSearchQuery,
  HandbookSearchResults,
  HandbookStarterPages,
  HandbookVersionList,
  HandbookVersionParams,
  NewHandbookPage,
} from './schemas.ts';
import type { HandbookService } from './service.ts';

const tags = ['handbook'];
const guarded = { preHandler: requireAuth };
/**
 * A page's text may be 200 000 characters in each language; as JSON (umlauts, escaped line ends) that can
 * pass the server's general body limit, so the two routes that take pages allow up to 3 MiB.
 */
const pageBodyLimit = 3 * 1024 * 1024;

const notAllowed = error('Not a member of the team (`handbook_not_allowed`)');
const writeNotAllowed = error('Only threat managers and admins write the handbook (`handbook_not_allowed`)');
const notFound = error('No such page, or archived (`handbook_page_not_found`)');
const versionNotFound = error(
  'No such page (`handbook_page_not_found`) or version (`handbook_version_not_found`)',
);
const conflict = error(
  'The page was saved by someone else since `baseVersion` (`handbook_version_conflict`)',
);

/** The organisation's handbook: pages in German and English, their versions, search, diffs and restore. */
export const handbookRoutes: FastifyPluginAsyncTypebox<{ handbook: HandbookService }> = async (
  app,
  { handbook },
) => {
  app.get(
    '/api/v1/handbook/pages',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'The handbook’s pages with their current titles, in the order they were written',
        querystring: PageQuery,
        response: { 200: HandbookPageList, 403: notAllowed },
      },
    },
    async (request) => handbook.list(authOf(request), request.query),
  );

  app.get(
    '/api/v1/handbook/search',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Pages whose current version has every word (as a prefix), best first, with a passage each',
        querystring: HandbookSearchQuery,
        response: { 200: HandbookSearchResults, 403: notAllowed },
      },
    },
    async (request) => handbook.search(authOf(request), request.query),
  );

  app.post(
    '/api/v1/handbook/pages',
    {
      ...guarded,
      bodyLimit: pageBodyLimit,
      schema: {
        tags,
        summary:
          'Write a new page as its version 1 (threat managers, admins; audited as handbook_page.create)',
        body: NewHandbookPage,
        response: {
          201: HandbookPage,
          403: writeNotAllowed,
          409: error('A page has this slug (`handbook_slug_taken`)'),
          422: error(
            'No language given (`handbook_language_required`), an empty title (`handbook_title_required`), or a slug the app keeps (`handbook_slug_invalid`)',
          ),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await handbook.create(authOf(request), request.body, request.id)),
  );

  app.post(
    '/api/v1/handbook/starter-pages',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Copy TMA’s starter pages and the playbooks of its measure types (German and English) into the handbook, leaving out any whose slug is taken, and link each playbook added to its measure type where the organisation has linked none (threat managers, admins; audited as handbook_page.create and measure_type.update)',
        response: { 200: HandbookStarterPages, 403: writeNotAllowed },
      },
    },
    async (request) => handbook.addStarterPages(authOf(request), request.id),
  );

  app.get(
    '/api/v1/handbook/pages/:page',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'A page (by slug or id) with its current version in German and English',
        params: HandbookPageParams,
        response: { 200: HandbookPage, 403: notAllowed, 404: notFound },
      },
    },
    async (request) => handbook.get(authOf(request), request.params.page),
  );

  app.put(
    '/api/v1/handbook/pages/:page',
    {
      ...guarded,
      bodyLimit: pageBodyLimit,
      schema: {
        tags,
        summary:
          'Save a change as a new version, made on `baseVersion` (threat managers, admins; audited as handbook_page.update)',
        params: HandbookPageParams,
        body: HandbookPageChange,
        response: {
          200: HandbookPage,
          403: writeNotAllowed,
          404: notFound,
          409: conflict,
          422: error(
            'Nothing changed (`handbook_unchanged`), no language (`handbook_language_required`) or an empty title (`handbook_title_required`)',
          ),
        },
      },
    },
    async (request) => handbook.update(authOf(request), request.params.page, request.body, request.id),
  );

  app.delete(
    '/api/v1/handbook/pages/:page',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Archive a page: it leaves the handbook, its versions stay (threat managers, admins; audited as handbook_page.archive)',
        params: HandbookPageParams,
        response: { 204: Type.Null({ description: 'Archived' }), 403: writeNotAllowed, 404: notFound },
      },
    },
    async (request, reply) => {
      await handbook.archive(authOf(request), request.params.page, request.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/handbook/pages/:page/versions',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'The versions of a page, newest first: author, time, change note, restored version',
        params: HandbookPageParams,
        querystring: PageQuery,
        response: { 200: HandbookVersionList, 403: notAllowed, 404: notFound },
      },
    },
    async (request) => handbook.versions(authOf(request), request.params.page, request.query),
  );

  app.get(
    '/api/v1/handbook/pages/:page/versions/:version',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'One version of a page, both languages',
        params: HandbookVersionParams,
        response: { 200: HandbookPageVersion, 403: notAllowed, 404: versionNotFound },
      },
    },
    async (request) => handbook.version(authOf(request), request.params.page, Number(request.params.version)),
  );

  app.get(
    '/api/v1/handbook/pages/:page/diff',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'How a page changed between two versions, per language: titles word by word, bodies line by line',
        params: HandbookPageParams,
        querystring: HandbookDiffQuery,
        response: { 200: HandbookDiff, 403: notAllowed, 404: versionNotFound },
      },
    },
    async (request) =>
      handbook.diff(
        authOf(request),
        request.params.page,
        Number(request.query.from),
        Number(request.query.to),
      ),
  );

  app.post(
    '/api/v1/handbook/pages/:page/versions/:version/restore',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Make an old version current again, as a new version that names it; history stays (threat managers, admins; audited as handbook_page.restore)',
        params: HandbookVersionParams,
        body: HandbookRestore,
        response: {
          200: HandbookPage,
          403: writeNotAllowed,
          404: versionNotFound,
          409: conflict,
          422: error('The version is the current one (`handbook_version_is_current`)'),
        },
      },
    },
    async (request) =>
      handbook.restore(
        authOf(request),
        request.params.page,
        Number(request.params.version),
        request.body,
        request.id,
      ),
  );
};
