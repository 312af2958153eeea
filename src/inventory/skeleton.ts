/** The files `vigie init` writes: a small, commented, valid inventory to adapt to a new customer. */
import type { InventorySource } from './model.js';

/** Editors find the JSON Schema next to the files; `vigie init` writes it there as this name. */
export const SKELETON_SCHEMA_FILE = 'inventory.schema.json';

const HEADER = `# yaml-language-server: $schema=${SKELETON_SCHEMA_FILE}
# Vigie inventory: see docs/inventory.md for every section and field. Check it with "vigie validate".
version: 1
`;

const ORGANISATION = `${HEADER}
# The two sides of the contract. Replace every value: these identifiers are made up (with valid keys).
customer:
  id: example-customer
  legal_name: Example Customer SA
  address:
    street: 1 rue de l'Exemple
    postal_code: "13002"
    city: Marseille
  siret: 200 000 008 00017        # 14 digits, checked with its Luhn key
  vat_number: FR37200000008       # FR + key + SIREN, checked against the SIRET

provider:
  id: example-provider
  legal_name: Example Provider SAS
  address:
    street: 2 rue de l'Exemple
    postal_code: "13002"
    city: Marseille
  siret: 900 000 001 00017
  ape: 6202A
  vat_number: FR68900000001
  iban: FR76 9999 9000 0100 0000 0000 115   # checked with its mod-97 key
  bic: EXMPFRPPXXX
`;

const CONTRACT = `${HEADER}
contract:
  id: maintenance
  customer: example-customer      # the customer's id
  provider: example-provider
  start: 2026-01-01               # dates are YYYY-MM-DD
  first_term_end: 2026-12-31
  monthly_fee: { amount: 1500, currency: EUR }   # excluding VAT
  vat_rate: 20                    # percent
  renewal:
    tacit: true                   # renewed without a new signature
    period: 1y                    # 1y, 6mo...
    max_renewals: 3
    notice: 30d                   # durations: 30s, 5m, 1h, 30d
`;

const RACK = `${HEADER}
sites:
  - id: main-dc
    name: Main datacenter

racks:
  - id: rack-1
    site: main-dc
    height: 42                    # rack units; U1 is the bottom one

# Devices sit in rack units: position is the lowest unit, height how many they take.
devices:
  - id: fw1
    type: firewall
    rack: rack-1
    position: 40
    interfaces:
      - name: lan0
        network: lan
        address: 127.30.1.1/24    # an address with its network's prefix length
  - id: hv1
    type: hypervisor
    rack: rack-1
    position: 20
    height: 2
    memory: 128GiB                # sizes: 512MiB, 16GiB, 1TB
    interfaces:
      - name: eno1
        network: lan
        address: 127.30.1.10/24
`;

const NETWORKS = `${HEADER}
networks:
  - id: lan
    prefix: 127.30.1.0/24
    vlan: 10
    gateway: 127.30.1.1           # inside the prefix
`;

const VMS = `${HEADER}
vms:
  - id: web1
    hypervisor: hv1               # a device of type hypervisor
    vcpu: 2
    memory: 4GiB
    disks:
      - { name: vda, size: 40GiB }
    os: { family: debian, version: 12 }
    interfaces:
      - name: ens18
        network: lan
        address: 127.30.1.20/24
`;

const SERVICES = `${HEADER}
# Services run on a host: a VM or a device, by its id. Ports are TCP; write "500/udp" for UDP.
services:
  - id: web1-nginx
    host: web1
    kind: nginx
    ports: [80, 443]
  - id: web1-ssh
    host: web1
    kind: openssh
    ports: [22]
`;

const WEBSITES = `${HEADER}
websites:
  - id: www
    domains: [www.example.test]
    host: web1
    service: web1-nginx           # the web server serving it, on the same host
    tls: { mode: acme }           # acme, manual, provider or none
    document_root: /var/www/www   # its files: backed up every night (see backup.yaml)
`;

const PEOPLE = `${HEADER}
people:
  - id: referent
    name: Firstname Lastname
    organisation: provider        # provider or customer
    roles: [referent]             # referent, substitute, engineer, customer_manager, developer...
    email: referent@example.test
`;

/** The skeleton's files, named relative to the directory `vigie init` creates. */
const BACKUP = `${HEADER}
# Backups (docs/backups.md): every database and website is backed up every night into this restic
# repository, read back in full, and kept 7 days, 4 weeks, 12 months and 2 years.
backup:
  destinations:
    - id: local
      type: local
      path: /var/lib/vigie/backups
  defaults:
    rpo_target: 26h
`;

export function inventorySkeleton(): InventorySource[] {
  return [
    { path: 'organisation.yaml', content: ORGANISATION },
    { path: 'contract.yaml', content: CONTRACT },
    { path: 'rack.yaml', content: RACK },
    { path: 'networks.yaml', content: NETWORKS },
    { path: 'vms.yaml', content: VMS },
    { path: 'services.yaml', content: SERVICES },
    { path: 'websites.yaml', content: WEBSITES },
    { path: 'people.yaml', content: PEOPLE },
    { path: 'backup.yaml', content: BACKUP },
  ];
}
