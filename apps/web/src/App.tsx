import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { tokens } from './lib/auth';
import { pages } from './lib/pages';

const LoginPage = pages.Login;
const InvitationLinkPage = pages.InvitationLink;
const TeamLinkPage = pages.TeamLink;
const Shell = pages.Shell;

/**
 * antd's theme with text colours that pass WCAG AA (4.5:1) on white: its defaults for secondary
 * text, descriptions and placeholders (45 % black, 3.4:1) do not. Tag colours are in index.html.
 */
const THEME = {
  token: {
    colorPrimary: '#1f5fa8',
    colorError: '#cf1322',
    colorLink: '#1f5fa8',
    colorTextSecondary: 'rgba(0,0,0,0.65)',
    colorTextTertiary: 'rgba(0,0,0,0.6)',
    colorTextDescription: 'rgba(0,0,0,0.65)',
    colorTextPlaceholder: 'rgba(0,0,0,0.6)',
  },
  components: {
    // an empty table's "no data" line is drawn in the disabled colour (25 % black, 1.6:1)
    Table: { colorTextDisabled: 'rgba(0,0,0,0.6)' },
  },
};

export function App() {
  const { i18n } = useTranslation();
  const [signedIn, setSignedIn] = useState(() => tokens.get() !== null);
  // The GraphQL client lives in the signed-in shell: the sign-in page loads without it.
  const signOut = useCallback(() => {
    tokens.clear();
    setSignedIn(false);
  }, []);
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <BrowserRouter>
          {/* while the first page's code loads, index.html's first screen stays up */}
          <Suspense fallback={null}>
            <Routes>
              <Route
                path="/login"
                element={signedIn ? <Navigate to="/" replace /> : <LoginPage onSignedIn={() => setSignedIn(true)} />}
              />
              {/* an invitation e-mail's link: signed out or in */}
              <Route path="/invitation/:token" element={<InvitationLinkPage onSignedIn={() => setSignedIn(true)} />} />
              {/* a project lead's link: signed out or in */}
              <Route path="/team/:token" element={<TeamLinkPage onSignedIn={() => setSignedIn(true)} />} />
              <Route path="/*" element={signedIn ? <Shell onSignOut={signOut} /> : <Navigate to="/login" replace />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
