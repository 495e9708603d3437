/** Store, helper and component tests; the full data flow is tested end to end in a real WordPress. */
module.exports = {
  preset: '@wordpress/jest-preset-default',
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  // @wordpress/components pulls in packages published only as ES modules (uuid, @wordpress/ui, @wordpress/theme):
  // compile those too, .mjs included, so component tests can render it.
  transform: { '\\.m?[jt]sx?$': 'babel-jest' },
  transformIgnorePatterns: ['/node_modules/(?!(uuid|@wordpress)/)'],
};
