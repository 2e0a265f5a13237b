import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ADMIN_FIELD_LABEL, adminApi, type AccountView } from '../admin-api';
import type { ApiError, Role } from '../api';
import { formatTime, LoadState, PageTitle, ProblemAlert, useUnitName, useUnitOptions } from '../components/common';
import { ROLE_LABEL } from '../labels';
import { asApiError, useLoad } from '../load';
import { useUser } from '../session';

const ROLES = Object.keys(ROLE_LABEL) as Role[];
const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABEL[role] }));
const PAGE_SIZE = 20;

/** Only a unit's staff (牵头单位) belong to a unit; the office's and the auditors' accounts do not. */
const needsUnit = (role: Role | undefined) => role === 'submitter';

type Dialog = { kind: 'create' } | { kind: 'edit'; account: AccountView } | { kind: 'password'; account: AccountView };

/** 账号管理: the directory, paged, with what the administrator does to an account. */
export default function AdminAccountsPage() {
  const me = useUser();
  const { message, modal } = App.useApp();
  const unitName = useUnitName();
  const unitOptions = useUnitOptions();
  const [role, setRole] = useState<Role | ''>('');
  const [unitId, setUnitId] = useState('');
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>();
  const [failure, setFailure] = useState<ApiError>();
  const accounts = useLoad(() => adminApi.accounts({ role: role || undefined, unitId: unitId || undefined }), [role, unitId]);

  const act = async (done: string, action: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await action();
      message.success(done);
      accounts.reload();
    } catch (error) {
      setFailure(asApiError(error));
    }
  };
  const confirm = (title: string, content: string, done: string, action: () => Promise<unknown>) =>
    modal.confirm({ title, content, okText: '确定', cancelText: '取消', onOk: () => act(done, action) });

  const matches = (account: AccountView) => {
    const wanted = search.trim().toLowerCase();
    return !wanted || account.username.includes(wanted) || account.displayName.toLowerCase().includes(wanted);
  };

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
            新建账号
          </Button>
        }
      >
        账号管理
      </PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input.Search aria-label="按用户名或姓名查找" placeholder="用户名或姓名" allowClear onSearch={setSearch} style={{ width: 220 }} />
          <Select
            aria-label="角色"
            value={role}
            onChange={setRole}
            style={{ width: 200 }}
            options={[{ value: '', label: '全部角色' }, ...ROLE_OPTIONS]}
          />
          <Select
            aria-label="所属单位"
            value={unitId}
            onChange={setUnitId}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 240 }}
            options={[{ value: '', label: '全部单位' }, ...unitOptions]}
          />
        </Space>
      </Card>
      {failure && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={failure} fields={ADMIN_FIELD_LABEL} />
        </div>
      )}
      <LoadState loaded={accounts}>
        {(list) => (
          <Table<AccountView>
            rowKey="id"
            data-testid="accounts"
            dataSource={list.filter(matches)}
            pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, showTotal: (total) => `共 ${total} 个账号` }}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: '用户名',
                dataIndex: 'username',
                render: (username: string, account) => (
                  <Space size={4}>
                    <Typography.Text code>{username}</Typography.Text>
                    {account.demo && <Tag>演示</Tag>}
                  </Space>
                ),
              },
              { title: '姓名', dataIndex: 'displayName' },
              { title: '角色', dataIndex: 'role', render: (value: Role) => ROLE_LABEL[value] ?? value },
              { title: '所属单位', dataIndex: 'unitId', render: (value: string | null) => (value ? unitName(value) : '—') },
              { title: '电话', dataIndex: 'phone', render: (value: string | null) => value ?? '—' },
              {
                title: '状态',
                key: 'state',
                render: (_, account) => (
                  <Space size={4}>
                    {account.disabled ? <Tag color="default">已停用</Tag> : <Tag color="success">正常</Tag>}
                    {account.totpEnabled && <Tag color="blue">已绑定二次验证</Tag>}
                  </Space>
                ),
              },
              { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
              {
                title: '操作',
                key: 'actions',
                render: (_, account) => {
                  const self = account.username === me.username;
                  return (
                    <Space size={4} wrap>
                      <Button size="small" onClick={() => setDialog({ kind: 'edit', account })}>
                        修改
                      </Button>
                      <Button size="small" onClick={() => setDialog({ kind: 'password', account })}>
                        重置密码
                      </Button>
                      <Button
                        size="small"
                        onClick={async () => {
                          setFailure(undefined);
                          try {
                            const answer = await adminApi.unlockAccount(account.id);
                            // A lock ends by itself after its back-off; the answer says whether there was one.
                            if (answer.unlocked) message.success(`已解除 ${account.username} 的登录锁定`);
                            else message.info(`${account.username} 当前未被锁定`);
                          } catch (error) {
                            setFailure(asApiError(error));
                          }
                        }}
                      >
                        解除锁定
                      </Button>
                      {account.totpEnabled && (
                        <Button
                          size="small"
                          onClick={() =>
                            confirm(
                              `重置 ${account.username} 的二次验证？`,
                              '重置后该账号下次登录时须重新绑定验证器。',
                              '二次验证已重置',
                              () => adminApi.updateAccount(account.id, { resetTotp: true }),
                            )
                          }
                        >
                          重置二次验证
                        </Button>
                      )}
                      {account.disabled ? (
                        <Button
                          size="small"
                          onClick={() => act('账号已启用', () => adminApi.updateAccount(account.id, { disabled: false }))}
                        >
                          启用
                        </Button>
                      ) : (
                        !self && (
                          <Button
                            size="small"
                            danger
                            onClick={() =>
                              confirm(`停用 ${account.username}？`, '停用后该账号不能登录；其历史记录保留。', '账号已停用', () =>
                                adminApi.disableAccount(account.id),
                              )
                            }
                          >
                            停用
                          </Button>
                        )
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        )}
      </LoadState>
      {dialog?.kind === 'create' && (
        <AccountDialog
          onClose={() => setDialog(undefined)}
          onSaved={() => {
            setDialog(undefined);
            message.success('账号已创建');
            accounts.reload();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <AccountDialog
          account={dialog.account}
          self={dialog.account.username === me.username}
          onClose={() => setDialog(undefined)}
          onSaved={() => {
            setDialog(undefined);
            message.success('账号已保存');
            accounts.reload();
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <PasswordDialog
          account={dialog.account}
          onClose={() => setDialog(undefined)}
          onSaved={() => {
            setDialog(undefined);
            message.success('密码已重置');
          }}
        />
      )}
    </>
  );
}

interface AccountForm {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  unitId?: string;
  phone?: string;
}

/** New account, or an existing one's name, phone, role and unit. */
function AccountDialog({ account, self, onClose, onSaved }: { account?: AccountView; self?: boolean; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm<AccountForm>();
  const unitOptions = useUnitOptions();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form);
  const save = async (values: AccountForm) => {
    setSaving(true);
    setError(undefined);
    try {
      const unitId = needsUnit(values.role) ? values.unitId : undefined;
      if (account)
        await adminApi.updateAccount(account.id, {
          displayName: values.displayName,
          phone: values.phone ? values.phone : null,
          role: values.role,
          unitId: unitId ?? null,
        });
      else
        await adminApi.createAccount({
          username: values.username,
          password: values.password,
          displayName: values.displayName,
          role: values.role,
          ...(unitId ? { unitId } : {}),
          ...(values.phone ? { phone: values.phone } : {}),
        });
      onSaved();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={account ? `修改账号 ${account.username}` : '新建账号'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<AccountForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={
          account
            ? {
                displayName: account.displayName,
                role: account.role,
                unitId: account.unitId ?? undefined,
                phone: account.phone ?? undefined,
              }
            : { role: 'submitter' }
        }
      >
        {!account && (
          <>
            <Form.Item
              label="用户名"
              name="username"
              extra="小写字母、数字及 . _ -，2 至 32 位"
              rules={[{ required: true, message: '请填写用户名' }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item label="初始密码" name="password" rules={[{ required: true, message: '请填写初始密码' }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          label="角色"
          name="role"
          rules={[{ required: true, message: '请选择角色' }]}
          extra={self ? '不能降级本人账号' : undefined}
        >
          <Select options={ROLE_OPTIONS} disabled={self} />
        </Form.Item>
        {needsUnit(role) && (
          <Form.Item label="所属单位" name="unitId" rules={[{ required: true, message: '牵头单位账号须选择所属单位' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
          </Form.Item>
        )}
        <Form.Item label="电话" name="phone">
          <Input inputMode="tel" />
        </Form.Item>
      </Form>
      {error && <ProblemAlert error={error} fields={ADMIN_FIELD_LABEL} />}
    </Modal>
  );
}

function PasswordDialog({ account, onClose, onSaved }: { account: AccountView; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const save = async ({ password }: { password: string }) => {
    setSaving(true);
    setError(undefined);
    try {
      await adminApi.resetPassword(account.id, password);
      onSaved();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`重置 ${account.username} 的密码`}
      okText="重置"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="重置后原密码即失效，请将新密码当面或电话告知本人。" />
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item label="新密码" name="password" rules={[{ required: true, message: '请填写新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && <ProblemAlert error={error} fields={ADMIN_FIELD_LABEL} />}
    </Modal>
  );
}
