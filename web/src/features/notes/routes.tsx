import { lazy } from 'react';
import { page, type FeatureRoutes } from '../../app/pages';

const NotesPage = lazy(() => import('./pages/NotesPage'));
const NotebookPage = lazy(() => import('./pages/NotebookPage'));

export const routes: FeatureRoutes = {
  memberRoutes: [
    { path: '/notes', element: page(NotesPage) },
    { path: '/notes/book/:bookId', element: page(NotebookPage) },
  ],
  consoleRoutes: [],
  consoleNav: [],
};
