import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => void setLang(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}
      // the name begins with the text shown (the other language), then says what the button does
      aria-label={`${t('shell.language')} · 切换语言 / switch language`}
      lang={i18n.language === 'en-US' ? 'zh-CN' : 'en'}
    >
      {t('shell.language')}
    </Button>
  );
}
