import { personalDataIn } from '@daicho/ledger';
import { CLI_OPERATOR_PATTERN } from '@daicho/platform';
import { operatorLabel } from './cli-operator';

describe('cli operator names', () => {
  it('keeps plain names as they are and cuts what is not a label', () => {
    expect(operatorLabel('ops', 'unknown')).toBe('ops');
    expect(operatorLabel('ec2-user', 'unknown')).toBe('ec2-user');
    expect(operatorLabel('host1234567890', 'x')).toBe('host123456');
    expect(operatorLabel('山田', 'unknown')).toBe('unknown');
  });

  it('names a cloud host whose digits read as a phone number so that the ledger takes it', () => {
    const hosts = ['ip-172-31-45-123', 'ip-172-31-45-124', '10-0-12-345-678'];
    const labels = hosts.map((h) => operatorLabel(h, 'unknown-host'));
    for (const label of labels) {
      const id = `cli:ec2-user@${label}`;
      expect({ id, personal: personalDataIn(id) }).toEqual({ id, personal: null });
      expect(id).toMatch(CLI_OPERATOR_PATTERN);
    }
    // Two hosts stay two, and the same host gets the same name every time.
    expect(new Set(labels).size).toBe(hosts.length);
    expect(operatorLabel(hosts[0]!, 'unknown-host')).toBe(labels[0]);
    expect(labels[0]).toMatch(/^ip-172-31-4--h[0-9a-f]{8}$/);
  });
});
