import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Outlet, RouterProvider, useNavigate } from 'react-router';
import { setNavigator } from '../api/client';
import { OfflineBanner } from '../components/OfflineBanner';
import { PageLoading } from '../components/PageLoading';
import { LazyStatusPage as StatusPage } from '../components/LazyStatusPage';
import { RequireConsole, RequirePermission, SignedIn } from './guards';
import { actionFor } from './nav';
import { loadAntdShell, loadMemberHome, loadMemberLayout } from './chunks';
import LoginPage from '../features/auth/pages/LoginPage';
import { routes as studyRoutes } from '../features/study/routes';
import { routes as sessionRoutes } from '../features/sessions/routes';
import { routes as channelRoutes } from '../features/channels/routes';
import { routes as reflectionRoutes } from '../features/reflections/routes';
import { routes as noteRoutes } from '../features/notes/routes';
import { routes as learningRoutes } from '../features/learning/routes';
import { routes as accountRoutes } from '../features/accounts/routes';
import { routes as inboxRoutes } from '../features/inbox/routes';
import { routes as seminarRoutes } from '../features/seminars/routes';
import { routes as examRoutes } from '../features/exams/routes';
import { routes as scorecardRoutes, VerifyPage } from '../features/scorecard/routes';
import { routes as archiveRoutes } from '../features/archive/routes';
import { routes as assessmentRoutes } from '../features/assessment/routes';
import { routes as displayRoutes } from '../features/display/routes';

// The sign-in page is in the app's own chunk and built of plain elements: a QR code scanned on a slow
// line shows the form without antd and without another round trip. The phone shell and the member home
// are their own chunks, also without antd. Every other page is its own chunk under AntdShell (antd's
// theme and App context, loaded with the first of them).
const AntdShell = lazy(loadAntdShell);
const PasswordPage = lazy(() => import('../features/auth/pages/PasswordPage'));
const TotpPage = lazy(() => import('../features/auth/pages/TotpPage'));
const MemberLayout = lazy(loadMemberLayout);
const ConsoleLayout = lazy(() => import('./ConsoleLayout'));
const MemberHomePage = lazy(loadMemberHome);
const ProfilePage = lazy(() => import('../features/home/pages/ProfilePage'));
const ConsoleHomePage = lazy(() => import('../features/home/pages/ConsoleHomePage'));
const OrgPage = lazy(() => import('../features/org/pages/OrgPage'));
const UsersPage = lazy(() => import('../features/admin/pages/UsersPage'));
const SettingsPage = lazy(() => import('../features/admin/pages/SettingsPage'));
const AuditPage = lazy(() => import('../features/audit/pages/AuditPage'));
const CopyPage = lazy(() => import('../features/library/pages/CopyPage'));
const LibrarySearchPage = lazy(() => import('../features/library/pages/SearchPage'));
const BookPage = lazy(() => import('../features/library/pages/BookPage'));
const MyLoansPage = lazy(() => import('../features/library/pages/MyLoansPage'));
const CatalogPage = lazy(() => import('../features/library/pages/CatalogPage'));
const DeskPage = lazy(() => import('../features/library/pages/DeskPage'));
const LibraryReportsPage = lazy(() => import('../features/library/pages/ReportsPage'));
const StocktakePage = lazy(() => import('../features/library/pages/StocktakePage'));
const CirculationRulesPage = lazy(() => import('../features/library/pages/RulesPage'));
const BookImportPage = lazy(() => import('../features/library/pages/ImportPage'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<PageLoading />}>
      <Component />
    </Suspense>
  );
}

function consolePage(path: string, Component: LazyExoticComponent<ComponentType>) {
  return <RequirePermission action={actionFor(path)}>{page(Component)}</RequirePermission>;
}

function Root() {
  const navigate = useNavigate();
  useEffect(() => setNavigator((to, opts) => void navigate(to, opts)), [navigate]);
  return (
    <>
      <OfflineBanner />
      <Outlet />
    </>
  );
}

const FEATURES = [accountRoutes, inboxRoutes, studyRoutes, sessionRoutes, noteRoutes, learningRoutes, reflectionRoutes, channelRoutes, scorecardRoutes, seminarRoutes, archiveRoutes, examRoutes, assessmentRoutes, displayRoutes];

const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <StatusPage kind="error" />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/403', element: <StatusPage kind="forbidden" /> },
      { path: '/offline', element: <StatusPage kind="offline" /> },
      {
        element: page(AntdShell),
        // A certificate's QR code opens /verify/<number>: public, no sign-in.
        children: [{ path: '/verify/:number', element: page(VerifyPage) }],
      },
      {
        element: <SignedIn />,
        children: [
          {
            // The phone shell and the member home are plain elements: the home shows without antd (issue 11,
            // a phone's first load). Every other member page is under AntdShell, inside the shell.
            element: page(MemberLayout),
            children: [
              { path: '/', element: page(MemberHomePage) },
              {
                element: page(AntdShell),
                children: [
                  { path: '/me', element: page(ProfilePage) },
                  // A copy's QR code opens /c/<barcode>; signed out, the guard sends the reader to sign in and back.
                  { path: '/c/:barcode', element: page(CopyPage) },
                  { path: '/library', element: page(LibrarySearchPage) },
                  { path: '/library/books/:id', element: page(BookPage) },
                  { path: '/library/my', element: page(MyLoansPage) },
                  ...FEATURES.flatMap((f) => f.memberRoutes),
                ],
              },
            ],
          },
          {
            element: page(AntdShell),
            children: [
              { path: '/password', element: page(PasswordPage) },
              { path: '/totp', element: page(TotpPage) },
              {
                path: '/console',
                element: <RequireConsole>{page(ConsoleLayout)}</RequireConsole>,
                children: [
                  { index: true, element: page(ConsoleHomePage) },
                  { path: 'org', element: consolePage('/console/org', OrgPage) },
                  { path: 'users', element: consolePage('/console/users', UsersPage) },
                  { path: 'settings', element: consolePage('/console/settings', SettingsPage) },
                  { path: 'audit', element: consolePage('/console/audit', AuditPage) },
                  { path: 'library', element: consolePage('/console/library', CatalogPage) },
                  { path: 'library/desk', element: consolePage('/console/library/desk', DeskPage) },
                  { path: 'library/reports', element: consolePage('/console/library/reports', LibraryReportsPage) },
                  { path: 'library/stocktake', element: consolePage('/console/library/stocktake', StocktakePage) },
                  { path: 'library/rules', element: consolePage('/console/library/rules', CirculationRulesPage) },
                  { path: 'library/import', element: consolePage('/console/library/import', BookImportPage) },
                  ...FEATURES.flatMap((f) => f.consoleRoutes),
                ],
              },
            ],
          },
        ],
      },
      { path: '*', element: <StatusPage kind="notFound" /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
