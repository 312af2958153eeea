/** Who did something, from an audit actor string such as `user:alice` or `cli:root`. */
import { useTranslation } from 'react-i18next';

export function ActorName({ actor }: { readonly actor: string }) {
  const { t } = useTranslation();
  const [origin, ...rest] = actor.split(':');
  const name = rest.join(':');
  if (name === '') {
    const known = actor === 'system' || actor === 'anonymous';
    return <span className={known ? 'actor muted' : 'actor'}>{known ? t(`actor.${actor}`) : actor}</span>;
  }
  if (origin === 'user') return <span className="actor">{name}</span>;
  if (origin === 'cli') {
    return (
      <span className="actor">
        {name} <span className="muted">({t('actor.cli')})</span>
      </span>
    );
  }
  if (origin === 'token') {
    return (
      <span className="actor">
        {name} <span className="muted">({t('actor.token')})</span>
      </span>
    );
  }
  return <span className="actor">{actor}</span>;
}
