//! A reqwest resolver that checks names and every address they resolve to
//! before reqwest may connect.
//!
//! reqwest connects to exactly the addresses a resolver returns, so checking
//! them here (rather than resolving once to check and letting reqwest resolve
//! again to connect) leaves no window for DNS rebinding.

use std::net::SocketAddr;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::error::ResolveFailed;
use super::guard::{AddressPolicy, Blocked};

pub(super) struct GuardedResolver {
    policy: Arc<AddressPolicy>,
}

impl GuardedResolver {
    pub(super) fn new(policy: Arc<AddressPolicy>) -> Self {
        GuardedResolver { policy }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = Arc::clone(&self.policy);
        let host = name.as_str().to_string();
        Box::pin(async move {
            policy.check_name(&host)?;
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| ResolveFailed {
                    host: host.clone(),
                    reason: e.to_string(),
                })?
                .collect();
            if addrs.is_empty() {
                return Err(ResolveFailed {
                    host,
                    reason: "the name has no addresses".into(),
                }
                .into());
            }
            check_addrs(&policy, &host, &addrs)?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// Refuse the whole name when any one of its addresses is refused: a name
/// answering with a public and a private address is hostile, and skipping
/// the bad one would let retries or happy-eyeballs reach it.
pub(super) fn check_addrs(
    policy: &AddressPolicy,
    host: &str,
    addrs: &[SocketAddr],
) -> Result<(), Blocked> {
    for addr in addrs {
        policy.check_ip(addr.ip()).map_err(|mut blocked| {
            blocked.resolved_from = Some(host.to_string());
            blocked
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::fetch::guard::BlockReason;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter()
            .map(|a| SocketAddr::new(a.parse().expect("test address"), 0))
            .collect()
    }

    #[test]
    fn one_private_answer_refuses_the_name() {
        let policy = AddressPolicy::default();
        let err = check_addrs(
            &policy,
            "rebind.example",
            &addrs(&["93.184.215.14", "169.254.169.254"]),
        )
        .unwrap_err();
        assert_eq!(err.reason, BlockReason::Metadata);
        assert_eq!(
            err.to_string(),
            "169.254.169.254 (the address of rebind.example) is a cloud metadata address"
        );
        assert!(check_addrs(&policy, "ok.example", &addrs(&["93.184.215.14"])).is_ok());
    }

    #[test]
    fn exemptions_are_exact_addresses() {
        let policy = AddressPolicy {
            allow_all: false,
            exempt: vec!["127.0.0.1".parse().expect("ip")],
        };
        assert!(check_addrs(&policy, "a.example", &addrs(&["127.0.0.1"])).is_ok());
        assert!(check_addrs(&policy, "a.example", &addrs(&["127.0.0.2"])).is_err());
        assert!(check_addrs(&policy, "a.example", &addrs(&["::1"])).is_err());
    }

    #[tokio::test]
    async fn local_names_are_refused_before_any_lookup() {
        let resolver = GuardedResolver::new(Arc::new(AddressPolicy::default()));
        for host in ["localhost", "localhost.", "x.localhost"] {
            let name: Name = host.parse().expect("name");
            let err = match resolver.resolve(name).await {
                Ok(_) => panic!("{host} resolved"),
                Err(e) => e,
            };
            let blocked = err.downcast_ref::<Blocked>().expect("a Blocked error");
            assert_eq!(blocked.reason, BlockReason::LocalName);
        }
    }
}
