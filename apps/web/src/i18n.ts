import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];
const KEY = 'tianyuan.lang';

const zh = {
  app: {
    title: '天元数学与智能+ 评审平台',
    subtitle: '国家自然科学基金天元数学基金—深圳“数学与智能+”交叉学科重点专项',
  },
  login: {
    heading: '登录',
    email: '邮箱',
    password: '密码',
    submit: '登录',
    emailRequired: '请输入邮箱',
    emailInvalid: '邮箱格式不正确',
    passwordRequired: '请输入密码',
    failed: '登录失败',
    demoHint: '演示账号：officer@demo.local / demo-officer，reviewer1@demo.local / demo-reviewer',
  },
  shell: {
    signedInAs: '当前用户',
    logout: '退出登录',
    language: 'English',
    home: '首页',
    programs: '资助计划',
    users: '用户管理',
  },
  roles: { ADMIN: '管理员', PROGRAM_OFFICER: '项目主管', REVIEWER: '评审专家' },
  home: {
    welcome: '欢迎，{{name}}',
    directions: '研究方向',
    number: '编号',
    direction: '方向名称',
    funding: '第一阶段资助（元）',
    conditions: '特殊要求',
    window: '申报时间',
    maxAwards: '资助项目数上限',
    empty: '暂无资助计划',
  },
  common: { loading: '加载中…', error: '出错了', retry: '重试', none: '无' },
};

const en: typeof zh = {
  app: {
    title: 'Tianyuan Mathematics & Intelligence+ Review',
    subtitle: 'NSFC Tianyuan Mathematics Fund – Shenzhen "Mathematics and Intelligence+" key special projects',
  },
  login: {
    heading: 'Sign in',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    emailRequired: 'Enter your e-mail',
    emailInvalid: 'Not a valid e-mail address',
    passwordRequired: 'Enter your password',
    failed: 'Sign-in failed',
    demoHint: 'Demo accounts: officer@demo.local / demo-officer, reviewer1@demo.local / demo-reviewer',
  },
  shell: {
    signedInAs: 'Signed in as',
    logout: 'Sign out',
    language: '中文',
    home: 'Home',
    programs: 'Programmes',
    users: 'Users',
  },
  roles: { ADMIN: 'Administrator', PROGRAM_OFFICER: 'Programme officer', REVIEWER: 'Reviewer' },
  home: {
    welcome: 'Welcome, {{name}}',
    directions: 'Research directions',
    number: 'No.',
    direction: 'Direction',
    funding: 'Phase-1 funding (CNY)',
    conditions: 'Conditions',
    window: 'Submission window',
    maxAwards: 'Maximum awards',
    empty: 'No programmes yet',
  },
  common: { loading: 'Loading…', error: 'Something went wrong', retry: 'Retry', none: 'None' },
};

export function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

export function setLang(lang: Lang) {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, 'en-US': { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export default i18n;
