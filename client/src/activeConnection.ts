// The active connection: the default target of commands run from the palette, shown in the status bar
// (with a warning colour when it is a production connection).
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../remote/src/index';
import type { ConnectionStore } from './connections/connectionStore';

const STATE_KEY = 'segmentWorkbench.activeConnection';

export class ActiveConnection implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('segmentWorkbench.activeConnection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: vscode.Memento, private readonly connections: ConnectionStore) {
    this.item.name = 'Segment Workbench connection';
    this.item.command = 'segmentWorkbench.setActiveConnection';
    this.subscription = connections.onDidChange(() => this.render());
    this.render();
  }

  get(): ConnectionConfig | undefined {
    const id = this.state.get<string>(STATE_KEY);
    const list = this.connections.list();
    return list.find((c) => c.id === id) ?? (list.length === 1 ? list[0] : undefined);
  }

  async set(connection: ConnectionConfig | undefined): Promise<void> {
    await this.state.update(STATE_KEY, connection?.id);
    this.render();
  }

  /** The connection to use for a command: the given one, the active one of the right service, or the user's pick. */
  async choose(service?: ConnectionConfig['service'], title = 'Which connection?'): Promise<ConnectionConfig | undefined> {
    const candidates = this.connections.list().filter((c) => !service || c.service === service);
    const active = this.get();
    if (candidates.length === 1) return candidates[0];
    if (!candidates.length) {
      void vscode.window.showWarningMessage(`No ${service ? service.toUpperCase() + ' ' : ''}connection yet: add one first.`, 'Add Connection')
        .then((choice) => choice && vscode.commands.executeCommand('segmentWorkbench.addConnection'));
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      candidates.map((c) => ({ label: c.label, description: `${c.service.toUpperCase()}${c.production ? ' · production' : ''}${c.id === active?.id ? ' · active' : ''}`, connection: c })),
      { title },
    );
    return pick?.connection;
  }

  private render(): void {
    const active = this.get();
    if (!active) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${active.production ? 'server-environment' : 'plug'}) ${active.label}`;
    this.item.tooltip = `Segment Workbench: ${active.label} (${active.service.toUpperCase()}${active.production ? ', production' : ''}${active.readOnly ? ', read-only' : ''}). Click to change.`;
    this.item.backgroundColor = active.production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
