import { generateKeyPairSync } from 'node:crypto';
import { HostApp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, Registry, RegistryNode, Tier, encryptionKeyOf } from '@app/federation';
import { CadreLevel, OrganisationKind } from './organisation.enums';
import { ImportFileError, parseOrganisationFile } from './organisation-import';
import { checkOrganisationRow } from './organisation-rules';

const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
const encryptionKeys = [encryptionKeyOf(generateKeyPairSync('x25519').privateKey)];
const node = (id: string, tier: Tier, parentId: string | null): RegistryNode => ({ id, name: id, tier, parentId, host: 'h', publicKey, encryptionKeys });
const registry = Registry.fromDocument({
  format: REGISTRY_FORMAT,
  formatVersion: REGISTRY_FORMAT_VERSION,
  version: 1,
  generatedAt: '2025-01-01T00:00:00.000Z',
  hosts: [{ id: 'h', app: HostApp.Local }],
  nodes: [node('000000', Tier.Central, null), node('130000', Tier.Provincial, '000000'), node('130100', Tier.Municipal, '130000'), node('330000', Tier.Provincial, '000000')],
});

describe('a row of the register', () => {
  it('takes kinds and levels by value, GraphQL name or Chinese name, trimmed', () => {
    expect(checkOrganisationRow(registry, '130000', { name: ' 河北大学党委 ', kind: '高校党委', cadreLevel: '省管', activeFrom: '1921-01-01' })).toEqual({
      row: { name: '河北大学党委', code: null, kind: OrganisationKind.University, regionNodeId: null, cadreLevel: CadreLevel.Provincial, activeFrom: '1921-01-01', activeTo: null },
      errors: [],
    });
    expect(checkOrganisationRow(registry, '130000', { name: 'x', kind: 'StateEnterprise', cadreLevel: 'provincial', activeFrom: '2000-01-01' }).row?.kind).toBe(OrganisationKind.StateEnterprise);
  });

  it('seats a 地方党委 in a node below the inspector, and nothing else in any', () => {
    expect(checkOrganisationRow(registry, '130000', { name: '中共石家庄市委', kind: '地方党委', regionNodeId: '130100', activeFrom: '1947-11-12' }).row?.regionNodeId).toBe('130100');
    expect(checkOrganisationRow(registry, '130000', { name: '中共浙江省委', kind: '地方党委', regionNodeId: '330000', activeFrom: '1949-01-01' }).errors).toEqual(['region 330000 is not a node below 130000']);
    expect(checkOrganisationRow(registry, '130000', { name: '中共某委', kind: '地方党委', activeFrom: '1949-01-01' }).errors[0]).toMatch(/names the node of its region/);
    expect(checkOrganisationRow(registry, '130000', { name: '某企业党委', kind: '国有企业党委', regionNodeId: '130100', activeFrom: '1949-01-01' }).errors[0]).toMatch(/only a 地方党委/);
  });

  it('says everything wrong with a row at once', () => {
    const { row, errors } = checkOrganisationRow(registry, '130000', { name: '', code: 'a b', kind: '党委', cadreLevel: '处管', activeFrom: '2020-02-30', activeTo: '2019-01-01' });
    expect(row).toBeUndefined();
    expect(errors).toHaveLength(5);
  });
});

describe('an import file', () => {
  it('reads CSV with Chinese or English headers, a BOM and quoted commas', () => {
    const csv = '\uFEFF名称,类别,所在地区节点,管理权限,设立日期\n"河北大学党委",高校党委,,省管,1921-01-01\n中共石家庄市委,地方党委,130100,省管,1947-11-12\n';
    expect(parseOrganisationFile(csv, 'csv')).toEqual([
      { name: '河北大学党委', kind: '高校党委', regionNodeId: '', cadreLevel: '省管', activeFrom: '1921-01-01' },
      { name: '中共石家庄市委', kind: '地方党委', regionNodeId: '130100', cadreLevel: '省管', activeFrom: '1947-11-12' },
    ]);
    expect(parseOrganisationFile('name,kind,activeFrom\n"a, b",other,2020-01-01\n', 'csv')).toEqual([{ name: 'a, b', kind: 'other', activeFrom: '2020-01-01' }]);
  });

  it('reads JSON as an array or under "organisations"', () => {
    expect(parseOrganisationFile('[{"name":"甲","kind":"other","activeFrom":"2020-01-01"}]', 'json')).toHaveLength(1);
    expect(parseOrganisationFile('{"organisations":[{"name":"甲"}]}', 'json')).toEqual([{ name: '甲' }]);
  });

  it('refuses unknown columns, non-text values and malformed files', () => {
    expect(() => parseOrganisationFile('name,colour\na,red\n', 'csv')).toThrow(ImportFileError);
    expect(() => parseOrganisationFile('[{"name": 3}]', 'json')).toThrow(/must be text/);
    expect(() => parseOrganisationFile('{"a":1}', 'json')).toThrow(ImportFileError);
    expect(() => parseOrganisationFile('name\n"unterminated\n', 'csv')).toThrow(ImportFileError);
  });
});
