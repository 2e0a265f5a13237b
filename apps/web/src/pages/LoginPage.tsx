import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, type ApiError, type Session } from '../api';
import { ProblemAlert } from '../components/common';
import { homeFor } from '../labels';
import { asApiError } from '../load';
import { navigate, useLocation } from '../router';
import { sessionExpired, useSession } from '../session';
import { ERROR_MESSAGES } from '../errors';

type Step =
  { kind: 'password' } | { kind: 'totp'; challenge: string } | { kind: 'enrol'; challenge: string; secret: string; otpauthUrl: string };

/**
 * Password first; when the account has a second factor the API asks for its code next, and an
 * account that must have one but has none enrols an authenticator app on the way in.
 */
export function LoginPage() {
  const { signIn } = useSession();
  const { search } = useLocation();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [expired] = useState(sessionExpired);

  const enter = (session: Session) => {
    signIn(session);
    const next = search.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(session.user.role), { replace: true });
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const withPassword = (values: { username: string; password: string }) =>
    run(async () => {
      const answer = await api.login(values.username.trim(), values.password);
      if (!('totpRequired' in answer)) return enter(answer);
      if (!answer.enrolmentRequired) return setStep({ kind: 'totp', challenge: answer.challenge });
      const enrolment = await api.enrolTotp(answer.challenge);
      setStep({ kind: 'enrol', challenge: answer.challenge, ...enrolment });
    });

  const withCode = (values: { code: string }) =>
    run(async () => {
      if (step.kind === 'totp') enter(await api.totp(step.challenge, values.code.trim()));
      if (step.kind === 'enrol') enter(await api.confirmTotp(step.challenge, values.code.trim()));
    });

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #8e1b1b 0%, #b71c1c 40%, #f5f5f5 40%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          民生实事督办台账
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {step.kind === 'password'
            ? '请使用单位账号登录'
            : step.kind === 'totp'
              ? '请输入身份验证器中的 6 位动态验证码'
              : '本账号须绑定身份验证器后登录'}
        </Typography.Paragraph>
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ProblemAlert error={error} />
          </div>
        ) : (
          expired && (
            <Alert
              style={{ marginBottom: 16 }}
              type="warning"
              showIcon
              role="alert"
              title={ERROR_MESSAGES.session_expired}
              description="登录后将回到刚才的页面，未提交的填报内容已保存在本机。"
            />
          )
        )}
        {step.kind === 'password' ? (
          <Form layout="vertical" onFinish={withPassword} requiredMark={false} disabled={busy}>
            <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" placeholder="单位代码或账号" autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={withCode} requiredMark={false} disabled={busy}>
            {step.kind === 'enrol' && (
              <Typography.Paragraph>
                在身份验证器（如 Microsoft Authenticator、FreeOTP）中添加账号，手动输入密钥：
                <Typography.Text code copyable>
                  {step.secret}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary" copyable={{ text: step.otpauthUrl }}>
                  或复制 otpauth 链接
                </Typography.Text>
              </Typography.Paragraph>
            )}
            <Form.Item label="动态验证码" name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字验证码' }]}>
              <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {step.kind === 'enrol' ? '绑定并登录' : '验证并登录'}
            </Button>
            <Button type="link" block onClick={() => setStep({ kind: 'password' })}>
              返回重新输入密码
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
