/**
 * The only module that knows where things live inside a data directory.
 *
 *   oversight.json                          organisation and scoring scheme
 *   people.json                             everyone the registers refer to
 *   roles.json                              who may manage, audit or administer
 *   registers/<register>/register.json      one register
 *   registers/<register>/risks/<RISK>.json  one risk; file name = id
 */
export const SETTINGS_FILE = 'oversight.json';
export const PEOPLE_FILE = 'people.json';
export const ROLES_FILE = 'roles.json';
export const REGISTERS_DIR = 'registers';
export const REGISTER_FILE_NAME = 'register.json';
export const RISKS_DIR_NAME = 'risks';

export function registerFile(registerId: string): string {
  return `${REGISTERS_DIR}/${registerId}/${REGISTER_FILE_NAME}`;
}

export function risksDir(registerId: string): string {
  return `${REGISTERS_DIR}/${registerId}/${RISKS_DIR_NAME}`;
}

export function riskFile(registerId: string, riskId: string): string {
  return `${risksDir(registerId)}/${riskId}.json`;
}
