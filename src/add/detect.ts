/** add's detect step: the app, its framework and the store to install; refuses an app no framework recognises. */
import { UserError } from '../core/errors.js';
import { showIntro } from '../core/flow.js';
import { detectAll } from '../detect/index.js';
import type { Project } from '../detect/project.js';
import { promptForApp } from '../detect/prompt-app.js';
import { FRAMEWORKS } from '../frameworks/registry.js';
import type { FrameworkDetection, FrameworkModule } from '../frameworks/types.js';
import type { StoreDescriptor } from '../stores/types.js';
import { chooseStore } from './choose-store.js';
import type { AddOptions } from './options.js';

/** What add sets sessions up in, and with which store. */
export interface AddTarget {
  project: Project;
  framework: FrameworkModule;
  detection: FrameworkDetection;
  store: StoreDescriptor;
}

export async function detectTarget(options: AddOptions, interactive: boolean): Promise<AddTarget> {
  const { project, framework, detection } = await detectAll({
    cwd: options.cwd,
    framework: options.framework,
    packageManager: options.packageManager,
    interactive,
    chooseApp: promptForApp,
  });
  if (!framework || !detection) {
    throw new UserError(`No supported framework found in ${project.root}.`, {
      hint: `session-kit supports ${FRAMEWORKS.map((f) => f.name).join(', ')}. Point --cwd at the app, or pass --framework.`,
      code: 'unsupported',
    });
  }
  // The flow's intro names what was detected before the first question about it.
  if (interactive) await showIntro('add', framework.name, detection.setupFile);
  const store = await chooseStore(options, framework, interactive);
  return { project, framework, detection, store };
}
