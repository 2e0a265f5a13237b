import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ADMIN_FIELD_LABEL, adminApi, type AdminUnit } from '../admin-api';
import type { ApiError } from '../api';
import { LoadState, PageTitle, ProblemAlert } from '../components/common';
import { asApiError, readUntil, useLoad } from '../load';

/**
 * 单位管理: the plan's units, the names they are also known by, and their accounts. A new name is
 * published as the plan's next version (the old name stays an alias), so it reaches every page.
 */
export default function AdminUnitsPage() {
  const { message } = App.useApp();
  const units = useLoad(() => adminApi.units(), []);
  const [renaming, setRenaming] = useState<AdminUnit>();
  return (
    <>
      <PageTitle>单位管理</PageTitle>
      <LoadState loaded={units}>
        {(list) => (
          <Table<AdminUnit>
            rowKey="id"
            data-testid="units"
            dataSource={list}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 个单位` }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '单位编码', dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
              { title: '名称', dataIndex: 'name' },
              {
                title: '别名',
                dataIndex: 'aliases',
                render: (aliases: string[], unit) => {
                  const others = aliases.filter((alias) => alias !== unit.name);
                  return others.length ? (
                    <Space size={4} wrap>
                      {others.map((alias) => (
                        <Tag key={alias}>{alias}</Tag>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  );
                },
              },
              { title: '账号数', dataIndex: 'accounts', align: 'right' },
              {
                title: '操作',
                key: 'actions',
                render: (_, unit) => (
                  <Button size="small" onClick={() => setRenaming(unit)}>
                    更名
                  </Button>
                ),
              },
            ]}
          />
        )}
      </LoadState>
      {renaming && (
        <RenameDialog
          unit={renaming}
          onClose={() => setRenaming(undefined)}
          onSaved={(name) => {
            setRenaming(undefined);
            message.success(`已更名为“${name}”，原名称保留为别名`);
            // The read model follows the published plan a moment later.
            void readUntil(adminApi.units, (read) => read.some((u) => u.id === renaming.id && u.name === name)).then(units.reload);
          }}
        />
      )}
    </>
  );
}

function RenameDialog({ unit, onClose, onSaved }: { unit: AdminUnit; onClose(): void; onSaved(name: string): void }) {
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const save = async ({ name }: { name: string }) => {
    setSaving(true);
    setError(undefined);
    try {
      await adminApi.renameUnit(unit.id, name.trim());
      onSaved(name.trim());
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`单位更名：${unit.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ name: unit.name }}>
        <Form.Item label="新名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写新名称' }]}>
          <Input />
        </Form.Item>
      </Form>
      {error && <ProblemAlert error={error} fields={ADMIN_FIELD_LABEL} />}
    </Modal>
  );
}
