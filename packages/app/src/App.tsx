import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// The GitLab delivery plugin needs no line here: app.packages: all discovers it.
export default createApp({
  features: [catalogPlugin, navModule],
});
