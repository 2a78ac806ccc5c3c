#pragma once
// Runs blocking work off the I/O threads (STYLE habit 8). Include only from .cc files:
// it brings in Asio.

#include <fmt/format.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <type_traits>
#include <utility>

#include "base/result.h"

namespace tern {

// Runs `work` (returning Result<T>) on `pool_executor` and resumes the awaiting
// coroutine on its own executor with the result. An exception escaping `work` becomes
// an kInternal error, so a bug in one job fails that job only.
template <typename Executor, typename F>
auto RunOnPool(Executor pool_executor, F work) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
  using R = std::invoke_result_t<F&>;
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(R)>(
      [pool_executor](auto handler, F fn) mutable {
        boost::asio::post(pool_executor, [h = std::move(handler), fn = std::move(fn)]() mutable {
          R result = [&]() -> R {
            try {
              return fn();
            } catch (const std::exception& e) {
              return Fail(ErrorCode::kInternal, "internal error",
                          fmt::format("exception in pooled work: {}", e.what()));
            }
          }();
          auto ex = boost::asio::get_associated_executor(h);
          boost::asio::dispatch(ex, [h = std::move(h), r = std::move(result)]() mutable {
            std::move(h)(std::move(r));
          });
        });
      },
      boost::asio::use_awaitable, std::move(work));
}

}  // namespace tern
